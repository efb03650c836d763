import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { transformSync } from 'esbuild';

/** A compiled k6 script, instantiated once per VU (each k6 VU has its own JS runtime). */
export interface CompiledScript {
  path: string;
  instantiate(globals: Record<string, unknown>, modules: Record<string, unknown>): ScriptInstance;
}

export interface ScriptInstance {
  context: vm.Context;
  exports: Record<string, unknown>;
  /** Copies a value into this VU's realm the way k6 hands setup() data to VUs: through JSON. */
  fromJson(json: string): unknown;
}

/**
 * Loads an ES module bundle (dist/k6/paysock.js) the way k6 would see it:
 * only k6/* imports are satisfied (by `modules`), and the code runs in a
 * fresh V8 context per VU with no Node globals (no process, Buffer, require,
 * global setTimeout): a bundle that leans on Node fails here as it would in k6.
 *
 * Departure: the ES module is converted to a CommonJS function by esbuild so
 * that node:vm can evaluate it without --experimental-vm-modules; imports
 * become `require("k6/...")` calls against `modules`, and the code keeps
 * strict mode, as an ES module has.
 */
export function compileScript(path: string): CompiledScript {
  const source = readFileSync(path, 'utf8');
  const cjs = transformSync(source, { format: 'cjs', target: 'es2020', loader: 'js', sourcefile: path }).code
    // The script must not see a `require` (k6 has none for ES modules): esbuild's import calls get a private name.
    .replace(/\brequire\("([^"]+)"\)/g, (_, name: string) => `__k6Import(${JSON.stringify(name)})`)
    .replace(/\bmodule\.exports\b/g, '__k6Module.exports');
  if (/\brequire\(/.test(cjs)) throw new Error(`${path}: a require() call the emulated k6 cannot satisfy`);
  const script = new vm.Script(`(function (__k6Import, __k6Module) { "use strict";\n${cjs}\n})`, { filename: path });
  return {
    path,
    instantiate(globals, modules) {
      const context = vm.createContext({ ...globals });
      const factory = script.runInContext(context) as (load: (name: string) => unknown, module: { exports: Record<string, unknown> }) => void;
      const module = { exports: {} as Record<string, unknown> };
      const require = (name: string): unknown => {
        if (Object.prototype.hasOwnProperty.call(modules, name)) return modules[name];
        throw new Error(`unknown module: ${name} (the emulated k6 provides ${Object.keys(modules).join(', ')})`);
      };
      factory(require, module);
      const parse = vm.runInContext('JSON.parse', context) as (text: string) => unknown;
      return { context, exports: module.exports, fromJson: (json) => parse(json) };
    },
  };
}
