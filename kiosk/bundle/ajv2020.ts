/**
 * Stands in for `ajv/dist/2020.js` in the kiosk's browser bundle (scripts/build-kiosk.mjs).
 * protocol/validator.ts builds an Ajv2020 and asks it for the compiled schemas; here
 * those are the functions ajv generated at build time from the same schemas with the
 * same options, so the page runs the certifier's validator without `new Function`.
 */
import * as fast from 'paysock-virtual:standalone-fast';
import * as all from 'paysock-virtual:standalone-all';

type Validator = ((value: unknown) => boolean) & { errors?: unknown[] | null };
type Compiled = Record<string, Validator> & { byId: Record<string, string> };

export class Ajv2020 {
  private readonly compiled: Compiled;

  constructor(options: { allErrors?: boolean } = {}) {
    this.compiled = (options.allErrors ? all : fast) as unknown as Compiled;
  }

  /** The schemas and keywords were added at build time. */
  addKeyword(): this {
    return this;
  }

  addSchema(): this {
    return this;
  }

  getSchema(id: string): Validator | undefined {
    const name = this.compiled.byId[id];
    return name === undefined ? undefined : this.compiled[name];
  }
}
