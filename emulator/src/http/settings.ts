import type { Chaos } from '../chaos';
import type { DevControls } from '../dev/controls';
import type { Clock } from '../domain/kernel/clock';
import type { Domain } from '../domain';
import type { EventPublisher } from '../events/publisher';
import type { WireLayer } from './wire';

/** What every HTTP module may read: the resolved options and the domain. */
export interface HttpSettings {
  readonly accessKey: string;
  readonly bearerTokens: ReadonlySet<string>;
  readonly errorShape: 'documented' | 'observed';
  /** What an outer layer changes in every answer on its way out (wire faults); the identity by default. */
  readonly wire: WireLayer;
  readonly domain: Domain;
  /** The transport chaos layer, when switched on. */
  readonly chaos?: Chaos;
  /** Where the domain's events go (subscriptions, delivery). */
  readonly events: EventPublisher;
  /** `--oauth basic`: plausible Entra ID tokens are accepted (oauth.ts), besides the listed bearer tokens. */
  readonly oauth?: 'basic';
  /** The clock x-ms-date and token expiry are checked against when the domain's clock is moved by hand (real time). */
  readonly authClock?: Clock;
  /** The development endpoints' view of the emulator (health, reset, clock control). */
  readonly dev?: DevControls;
  /** `--loose`: the pre-release spellings production accepted (dev/loose.ts) are rewritten before routing. */
  readonly loose?: (message: string) => void;
}

export const API_VERSION = '2023-11-01';
export const SUPPORTED_VERSIONS = '2021-04-07-preview1, 2022-07-18-preview, 2023-08-25-preview, 2023-11-01';
export const BODY_LIMIT_BYTES = 1024 * 1024;
