import { existsSync, readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/**
 * OpenAPI 3 documents as JSON Schema for ajv: `$ref`s keep pointing into the document, OpenAPI-only keywords
 * (x-*, example, externalDocs, discriminator, xml) are dropped and `nullable` becomes a null type.
 */

type Node = Record<string, unknown>;

const DROP = new Set(['example', 'examples', 'externalDocs', 'xml', 'discriminator', 'deprecated']);

export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const out: Node = {};
  for (const [key, value] of Object.entries(node as Node)) {
    if (key.startsWith('x-') || DROP.has(key)) continue;
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      out.properties = Object.fromEntries(Object.entries(value as Node).map(([k, v]) => [k, toJsonSchema(v)]));
      continue;
    }
    out[key] = toJsonSchema(value);
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
  }
  return out;
}

export type Contract = {
  doc: Node;
  /** The validator of the JSON schema of a response: `validator('/Invoices', 'get', '200')`. */
  validator(path: string, method: string, status: string): ValidateFunction;
  validatorFor(pointer: string): ValidateFunction;
  /** JSON pointer of the schema of a response. */
  pointer(path: string, method: string, status: string): string;
  /** Keys the value has that its schema does not name (the documents allow extras, so ajv alone would not see typos). */
  unknownKeys(pointer: string, value: unknown): string[];
};

/** Xero's own examples write UTC stamps without a zone ("2019-12-07T18:46:19.5165400"): accept both forms. */
const XERO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/i;

export function loadContract(file: string, id: string): Contract {
  const doc = toJsonSchema(parse(readFileSync(file, 'utf8'))) as Node;
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats.default(ajv);
  ajv.addFormat('date-time', XERO_DATE_TIME);
  for (const f of ['double', 'float', 'int32', 'int64', 'decimal']) ajv.addFormat(f, true);
  ajv.addSchema({ ...doc, $id: id });
  const resolve = (pointer: string): Node =>
    pointer
      .replace(/^#\//, '')
      .split('/')
      .reduce<Node>((n, k) => n[k.replace(/~1/g, '/').replace(/~0/g, '~')] as Node, doc);
  const validatorFor = (pointer: string): ValidateFunction => {
    const v = ajv.getSchema(`${id}${pointer}`);
    if (!v) throw new Error(`no schema at ${pointer}`);
    return v;
  };
  function schemaPointer(path: string, method: string, status: string): string {
    const paths = doc.paths as Node;
    const key = Object.keys(paths).find((p) => p.toLowerCase() === path.toLowerCase());
    if (!key) throw new Error(`no path ${path}`);
    let response = ((paths[key] as Node)[method] as Node & { responses: Node }).responses[status] as Node;
    let pointer = `#/paths/${key.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses/${status}`;
    if (typeof response.$ref === 'string') {
      pointer = response.$ref;
      response = resolve(pointer);
    }
    if (!(response.content as Node | undefined)?.['application/json']) throw new Error(`no JSON body for ${method} ${path} ${status}`);
    return `${pointer}/content/application~1json/schema`;
  }
  function unknownKeys(pointer: string, value: unknown, at = '$'): string[] {
    let schema = resolve(pointer);
    let here = pointer;
    while (typeof schema.$ref === 'string') {
      here = schema.$ref;
      schema = resolve(here);
    }
    if (Array.isArray(value)) {
      return schema.items ? value.flatMap((v, i) => unknownKeys(`${here}/items`, v, `${at}[${i}]`)) : [];
    }
    if (typeof value !== 'object' || value === null || !schema.properties) return [];
    const props = schema.properties as Node;
    return Object.entries(value as Node).flatMap(([k, v]) =>
      k in props ? unknownKeys(`${here}/properties/${k}`, v, `${at}.${k}`) : [`${at}.${k}`],
    );
  }
  return {
    doc,
    validatorFor,
    validator: (path, method, status) => validatorFor(schemaPointer(path, method, status)),
    pointer: schemaPointer,
    unknownKeys: (pointer, value) => unknownKeys(pointer, value),
  };
}

export const contractsPresent = (dir: string): boolean => existsSync(dir);
