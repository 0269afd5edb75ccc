/**
 * Builds a valid instance of a JSON schema, for the Messages-API stand-in's default reply. Covers the subset that
 * `z.toJSONSchema` and the SDK's strict transform emit: objects, arrays (`minItems`/`maxItems`), strings (`enum`,
 * `const`, `minLength`/`maxLength`, `format`), numbers and integers (`minimum`/`maximum`/exclusive bounds,
 * `multipleOf`), booleans, null, `anyOf`/`oneOf`/`allOf`, `$ref` into `$defs`, `prefixItems`. Constraints the SDK
 * moved into the `description` (`{minLength: 5, ...}`) are read back from there.
 */

type Schema = Record<string, unknown>;

const FORMAT_SAMPLES: Record<string, string> = {
  'date-time': '2026-01-01T00:00:00.000Z',
  date: '2026-01-01',
  time: '00:00:00',
  duration: 'PT1M',
  email: 'learner@example.com',
  hostname: 'example.com',
  uri: 'https://example.com/',
  url: 'https://example.com/',
  ipv4: '127.0.0.1',
  ipv6: '::1',
  uuid: '00000000-0000-4000-8000-000000000000',
};

/** Reads the `{key: json, ...}` suffix the SDK appends to a description for constraints it cannot send. */
function constraintsFromDescription(description: unknown): Schema {
  if (typeof description !== 'string') return {};
  const start = description.lastIndexOf('{');
  if (start < 0 || !description.trimEnd().endsWith('}')) return {};
  const inner = description.slice(start + 1, description.trimEnd().length - 1);
  const out: Schema = {};
  const re = /(?:^|, )([A-Za-z$]+): /g;
  const keys: { key: string; from: number; valueStart: number }[] = [];
  for (let m = re.exec(inner); m; m = re.exec(inner))
    keys.push({ key: m[1] ?? '', from: m.index, valueStart: m.index + m[0].length });
  keys.forEach((k, i) => {
    const next = keys[i + 1];
    const raw = inner.slice(k.valueStart, next ? next.from : undefined);
    try {
      out[k.key] = JSON.parse(raw);
    } catch {
      /* not a constraint we can read */
    }
  });
  return out;
}

function resolveRef(ref: string, root: Schema): Schema {
  if (ref === '#') return root;
  const parts = ref.replace(/^#\//, '').split('/');
  let node: unknown = root;
  for (const part of parts)
    node = (node as Schema | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return (node as Schema | undefined) ?? {};
}

function sampleString(s: Schema): string {
  const format = typeof s.format === 'string' ? FORMAT_SAMPLES[s.format] : undefined;
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Infinity;
  if (format) return format;
  let text = 'sample';
  if (text.length < min) text = text.padEnd(min, 'x');
  if (text.length > max) text = text.slice(0, max);
  return text;
}

function sampleNumber(s: Schema, integer: boolean): number {
  let lo = typeof s.minimum === 'number' ? s.minimum : -Infinity;
  let hi = typeof s.maximum === 'number' ? s.maximum : Infinity;
  if (typeof s.exclusiveMinimum === 'number') lo = Math.max(lo, s.exclusiveMinimum + (integer ? 1 : 1e-6));
  if (typeof s.exclusiveMaximum === 'number') hi = Math.min(hi, s.exclusiveMaximum - (integer ? 1 : 1e-6));
  let value = 0;
  if (Number.isFinite(lo) && Number.isFinite(hi)) value = integer ? Math.ceil(lo) : (lo + hi) / 2;
  else if (Number.isFinite(lo)) value = Math.max(lo, 0);
  else if (Number.isFinite(hi)) value = Math.min(hi, 0);
  if (integer) value = Math.ceil(value);
  const step = typeof s.multipleOf === 'number' && s.multipleOf > 0 ? s.multipleOf : undefined;
  if (step) value = Math.ceil(value / step) * step;
  return value;
}

function sample(node: Schema, root: Schema, depth: number): unknown {
  if (depth > 32) return null;
  if (typeof node.$ref === 'string') return sample(resolveRef(node.$ref, root), root, depth + 1);
  const s: Schema = { ...constraintsFromDescription(node.description), ...node };
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  const variants = (Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : undefined) as
    Schema[] | undefined;
  if (variants?.length) {
    const nonNull = variants.find((v) => v.type !== 'null') ?? variants[0];
    return sample(nonNull ?? {}, root, depth + 1);
  }
  if (Array.isArray(s.allOf) && s.allOf.length) {
    const merged = Object.assign(
      {},
      ...(s.allOf as Schema[]).map((v) => (typeof v.$ref === 'string' ? resolveRef(v.$ref, root) : v)),
    );
    return sample(merged as Schema, root, depth + 1);
  }
  const type = Array.isArray(s.type) ? (s.type.find((t) => t !== 'null') ?? s.type[0]) : s.type;
  switch (type) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(props)) out[key] = sample(prop, root, depth + 1);
      return out;
    }
    case 'array': {
      const prefix = (Array.isArray(s.prefixItems) ? s.prefixItems : []) as Schema[];
      const items = (s.items && typeof s.items === 'object' ? s.items : {}) as Schema;
      const min = typeof s.minItems === 'number' ? s.minItems : 0;
      const count = Math.max(
        prefix.length,
        min,
        prefix.length === 0 && (s.maxItems === undefined || Number(s.maxItems) > 0) ? 1 : 0,
      );
      return Array.from({ length: count }, (_, i) => sample(prefix[i] ?? items, root, depth + 1));
    }
    case 'string':
      return sampleString(s);
    case 'integer':
      return sampleNumber(s, true);
    case 'number':
      return sampleNumber(s, false);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return s.properties ? sample({ ...s, type: 'object' }, root, depth + 1) : null;
  }
}

/**
 * Returns a value valid against `schema` (a JSON schema object as sent in `output_config.format.schema`).
 * Deterministic: the same schema always gives the same value.
 */
export function sampleFromJsonSchema(schema: Record<string, unknown>): unknown {
  return sample(schema, schema, 0);
}
