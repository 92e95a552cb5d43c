import { expect, test } from '@playwright/test';
import { routes } from '../../src/client/routes';

test('routes build the published paths', () => {
  expect(routes.jobs()).toBe('/routing/jobs');
  expect(routes.job('j')).toBe('/routing/jobs/j');
  expect(routes.cancel('j')).toBe('/routing/jobs/j:cancel');
  expect(routes.complete('j', 'a')).toBe('/routing/jobs/j/assignments/a:complete');
  expect(routes.close('j', 'a')).toBe('/routing/jobs/j/assignments/a:close');
  expect(routes.unassign('j', 'a')).toBe('/routing/jobs/j/assignments/a:unassign');
  expect(routes.position('j')).toBe('/routing/jobs/j/position');
  expect(routes.workers()).toBe('/routing/workers');
  expect(routes.worker('w')).toBe('/routing/workers/w');
  expect(routes.accept('w', 'o')).toBe('/routing/workers/w/offers/o:accept');
  expect(routes.decline('w', 'o')).toBe('/routing/workers/w/offers/o:decline');
  expect(routes.queues()).toBe('/routing/queues');
  expect(routes.queue('q')).toBe('/routing/queues/q');
  expect(routes.distributionPolicies()).toBe('/routing/distributionPolicies');
  expect(routes.distributionPolicy('p')).toBe('/routing/distributionPolicies/p');
});

test('each id is one encoded segment', () => {
  expect(routes.cancel('a:b')).toBe('/routing/jobs/a%3Ab:cancel');
  expect(routes.close('j/1', 'a?b#c')).toBe('/routing/jobs/j%2F1/assignments/a%3Fb%23c:close');
  expect(routes.worker('ü ö')).toBe('/routing/workers/%C3%BC%20%C3%B6');
  expect(routes.job('')).toBe('/routing/jobs/');
});
