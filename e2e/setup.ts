import { afterAll, expect } from 'vitest';
import { cspViolations } from './support';

// S13: no browser test may see the UI break its own Content-Security-Policy.
afterAll(() => {
  expect(cspViolations).toEqual([]);
});
