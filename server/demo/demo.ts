import type { Services } from '../services';
import type { Actor } from '../modules/identity/principal';

export async function generateDemo(
  _services: Services,
  _actor: Actor,
  _options: { customers: number; tickets: number; seed: number },
  _log: (line: string) => void,
): Promise<string> {
  throw new Error('demo data is not available yet');
}
