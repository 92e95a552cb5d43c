/** A JSON object as the domain reads request bodies and keeps documents; below every other module of the domain. */
export type JsonObject = Record<string, unknown>;
