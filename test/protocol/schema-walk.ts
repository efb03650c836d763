/** Walks over JSON Schemas for the schema tests of v1 (schemas.test.ts) and v2 (schemas-v2.test.ts). */

/** A schema object (or any JSON object) as read from a file. */
export type SchemaNode = Record<string, unknown>;

/** True for a JSON object (not an array, not null). */
export const isNode = (value: unknown): value is SchemaNode => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Every schema that defines something (a property, a $defs entry, list items, and with
 * `additionalProperties` the schema of a map's values), with its JSON Pointer, walking through
 * properties, $defs, items, allOf/anyOf/oneOf and then/else. `if` subschemas only discriminate
 * between branches, so they are not walked.
 */
export function definedSchemas(node: SchemaNode, pointer: string, options: { additionalProperties?: boolean } = {}, out: Array<{ pointer: string; schema: SchemaNode }> = []): Array<{ pointer: string; schema: SchemaNode }> {
  for (const key of ['properties', '$defs'] as const) {
    const group = node[key];
    if (!isNode(group)) continue;
    for (const [name, child] of Object.entries(group)) {
      if (!isNode(child)) continue; // boolean schemas (`true`) define nothing
      out.push({ pointer: `${pointer}/${key}/${name}`, schema: child });
      definedSchemas(child, `${pointer}/${key}/${name}`, options, out);
    }
  }
  for (const key of options.additionalProperties ? (['items', 'additionalProperties'] as const) : (['items'] as const)) {
    const child = node[key];
    if (isNode(child)) {
      out.push({ pointer: `${pointer}/${key}`, schema: child });
      definedSchemas(child, `${pointer}/${key}`, options, out);
    }
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = node[key];
    if (Array.isArray(list)) list.forEach((child, i) => isNode(child) && definedSchemas(child, `${pointer}/${key}/${i}`, options, out));
  }
  for (const key of ['then', 'else'] as const) {
    const child = node[key];
    if (isNode(child)) definedSchemas(child, `${pointer}/${key}`, options, out);
  }
  return out;
}

/** Every x-requirement value anywhere in a schema, with its pointer. */
export function requirementAnnotations(node: unknown, pointer: string, out: Array<{ pointer: string; id: unknown }> = []): Array<{ pointer: string; id: unknown }> {
  if (Array.isArray(node)) node.forEach((child, i) => requirementAnnotations(child, `${pointer}/${i}`, out));
  else if (isNode(node)) {
    for (const [key, child] of Object.entries(node)) {
      if (key === 'x-requirement') out.push({ pointer: `${pointer}/${key}`, id: child });
      else requirementAnnotations(child, `${pointer}/${key}`, out);
    }
  }
  return out;
}
