import { NOT_RESOLVED, Schema, YAML11_SCHEMA, defineScalarTag, intYaml11Tag, floatYaml11Tag, timestampTag } from 'js-yaml';

/**
 * YAML as kubectl reads it. kubectl (sigs.k8s.io/yaml) uses go-yaml v2, whose YAML 1.1 differs from
 * the specification's on a few plain scalars: integers are what Go's `strconv.ParseInt(s, 0, 64)`
 * accepts after removing `_` (so `0o120` is 80 and `010` is 8, but `1:20` is the string "1:20"), a
 * float needs no dot (`80e0` is 80), and a timestamp-like scalar stays a string.
 */
const GO_INT = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const GO_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const GO_FLOAT_SPECIAL: Record<string, number> = {
  '.inf': Infinity, '.Inf': Infinity, '.INF': Infinity, '+.inf': Infinity, '+.Inf': Infinity, '+.INF': Infinity,
  '-.inf': -Infinity, '-.Inf': -Infinity, '-.INF': -Infinity, '.nan': NaN, '.NaN': NaN, '.NAN': NaN,
};

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** An integer as Go's ParseInt (or ParseUint) reads it; out of their range it is not an integer. */
function goInteger(source: string): number | typeof NOT_RESOLVED {
  const plain = source.replace(/_/g, '');
  if (!GO_INT.test(plain)) return NOT_RESOLVED;
  // Plain decimals short enough to be exact doubles need no range check (the common case: ports, replicas).
  if (/^[-+]?[1-9][0-9]{0,14}$/.test(plain) || plain === '0') return Number(plain);
  const negative = plain.startsWith('-');
  const digits = plain.replace(/^[-+]/, '');
  const prefix = digits.slice(0, 2).toLowerCase();
  const magnitude =
    prefix === '0x' || prefix === '0o' || prefix === '0b'
      ? BigInt(`0${prefix[1]}${digits.slice(2)}`)
      : digits.length > 1 && digits.startsWith('0')
        ? BigInt(`0o${digits.slice(1)}`)
        : BigInt(digits);
  const value = negative ? -magnitude : magnitude;
  return value < INT64_MIN || value > UINT64_MAX ? NOT_RESOLVED : Number(value);
}

/** A float as Go's ParseFloat reads it; one that overflows is not a float (go-yaml keeps the string). */
function goFloat(source: string): number | typeof NOT_RESOLVED {
  if (source in GO_FLOAT_SPECIAL) return GO_FLOAT_SPECIAL[source]!;
  const plain = source.replace(/_/g, '');
  if (!GO_FLOAT.test(plain)) return NOT_RESOLVED;
  const value = parseFloat(plain);
  return Number.isFinite(value) ? value : NOT_RESOLVED;
}

const goIntTag = defineScalarTag('tag:yaml.org,2002:int', { ...intYaml11Tag, resolve: goInteger });
const goFloatTag = defineScalarTag('tag:yaml.org,2002:float', { ...floatYaml11Tag, resolve: goFloat });

export const KUBECTL_SCHEMA = new Schema(
  YAML11_SCHEMA.tags.filter((t) => t !== timestampTag).map((t) => (t === intYaml11Tag ? goIntTag : t === floatYaml11Tag ? goFloatTag : t)),
);
