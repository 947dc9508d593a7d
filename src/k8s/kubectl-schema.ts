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

function goInteger(source: string): number | typeof NOT_RESOLVED {
  const plain = source.replace(/_/g, '');
  if (!GO_INT.test(plain)) return NOT_RESOLVED;
  const sign = plain.startsWith('-') ? -1 : 1;
  const digits = plain.replace(/^[-+]/, '');
  const prefix = digits.slice(0, 2).toLowerCase();
  if (prefix === '0x') return sign * parseInt(digits.slice(2), 16);
  if (prefix === '0o') return sign * parseInt(digits.slice(2), 8);
  if (prefix === '0b') return sign * parseInt(digits.slice(2), 2);
  if (digits.length > 1 && digits.startsWith('0')) return sign * parseInt(digits, 8);
  return sign * parseInt(digits, 10);
}

function goFloat(source: string): number | typeof NOT_RESOLVED {
  if (source in GO_FLOAT_SPECIAL) return GO_FLOAT_SPECIAL[source]!;
  const plain = source.replace(/_/g, '');
  return GO_FLOAT.test(plain) ? parseFloat(plain) : NOT_RESOLVED;
}

const goIntTag = defineScalarTag('tag:yaml.org,2002:int', { ...intYaml11Tag, resolve: goInteger });
const goFloatTag = defineScalarTag('tag:yaml.org,2002:float', { ...floatYaml11Tag, resolve: goFloat });

export const KUBECTL_SCHEMA = new Schema(
  YAML11_SCHEMA.tags.filter((t) => t !== timestampTag).map((t) => (t === intYaml11Tag ? goIntTag : t === floatYaml11Tag ? goFloatTag : t)),
);
