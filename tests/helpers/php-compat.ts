// Does this PHP source run on PHP 7.4, the oldest PHP the WordPress SDK supports? These machines
// have only PHP 8.2, whose `php -l` accepts PHP 8 syntax, so php-parser (glayzzle; no PHP binary
// needed) answers in two passes, and each construct is caught by one of them:
//
// 1. Parsing as PHP 7.4 (`parser.version`) fails on `match`, nullsafe `?->`, named arguments,
//    `enum`, first-class callables `f(...)`; also on `throw` as an expression, `catch (E)` without
//    a variable, a comma after the last parameter, intersection and DNF types, typed constants.
// 2. The rest php-parser lets through as PHP 7.4 (it reads `#[` as a comment, `mixed` and `never`
//    as class names, and checks the others for no version), so the source parsed as PHP 8.3 is
//    walked for: union types, constructor property promotion, the types `mixed`, `static`, `never`,
//    `null`, `false`, `true`, attributes `#[...]`, `readonly` (properties, promoted parameters,
//    classes), `enum` again, `$object::class`, `new` in a parameter's default, `0o` octals, and
//    calls to the PHP 8 functions listed below.
// A walk of the syntax tree rather than token patterns: a named argument and a ternary's `:` look
// alike as tokens, a union type is one node, and no PHP binary is needed, so the tests run anywhere.
// Known false alarm: php-parser 3.7 refuses `clone( $x )` below PHP 8.5; write `clone $x`.
import { Engine } from "php-parser";

export type PhpCompatRule =
  | "php74-syntax"
  | "php8-syntax"
  | "union-type"
  | "promoted-property"
  | "php8-type"
  | "attribute"
  | "readonly"
  | "enum"
  | "class-on-object"
  | "new-in-initializer"
  | "explicit-octal"
  | "php8-function";

export type PhpCompatProblem = { rule: PhpCompatRule; line: number; message: string };

// Functions PHP 8.0+ added that WordPress 6.1 (the SDK's floor) does not polyfill. Allowed because
// WordPress polyfills them since 5.9: str_contains, str_starts_with, str_ends_with (also
// array_key_first/last, PHP 7.3). Refused although a later WordPress polyfills them: array_is_list
// (WordPress 6.5), array_find, array_find_key, array_any, array_all (WordPress 6.8).
const PHP8_FUNCTIONS = new Map<string, string>([
  ["fdiv", "8.0"],
  ["get_debug_type", "8.0"],
  ["get_resource_id", "8.0"],
  ["preg_last_error_msg", "8.0"],
  ["array_is_list", "8.1"],
  ["enum_exists", "8.1"],
  ["fsync", "8.1"],
  ["fdatasync", "8.1"],
  ["ini_parse_quantity", "8.2"],
  ["memory_reset_peak_usage", "8.2"],
  ["json_validate", "8.3"],
  ["mb_str_pad", "8.3"],
  ["str_increment", "8.3"],
  ["str_decrement", "8.3"],
  ["array_find", "8.4"],
  ["array_find_key", "8.4"],
  ["array_any", "8.4"],
  ["array_all", "8.4"],
  ["mb_trim", "8.4"],
  ["mb_ltrim", "8.4"],
  ["mb_rtrim", "8.4"],
  ["mb_ucfirst", "8.4"],
  ["mb_lcfirst", "8.4"],
]);

// Type names PHP 7.4 refuses (static; null, false and true are reserved) or reads as a class name.
const PHP8_TYPES = new Map([
  ["mixed", "8.0"],
  ["static", "8.0"],
  ["never", "8.1"],
  ["null", "8.2"],
  ["false", "8.2"],
  ["true", "8.2"],
]);

// Attributes that exist to let code written for PHP 7.4 run quietly on PHP 8.1+ (WordPress core
// uses them). PHP 7.4 reads `#[...]` as a `#` comment up to the end of the line, so one of these
// is allowed alone on its line, written `\Name` (in a namespace, `Name` would be another class).
const COMPAT_ATTRIBUTES = new Set(["ReturnTypeWillChange", "AllowDynamicProperties", "SensitiveParameter"]);

type Position = { line: number; offset: number };
type AstNode = { kind: string; loc?: { start: Position; end: Position } | null; [key: string]: unknown };

function isNode(value: unknown): value is AstNode {
  return typeof value === "object" && value !== null && "kind" in value && typeof value.kind === "string";
}

function parse(source: string, version: string, withPositions: boolean): AstNode {
  const engine = new Engine({ parser: { version, extractDoc: false }, ast: { withPositions } });
  const program: unknown = engine.parseCode(source, "input.php");
  if (!isNode(program)) throw new Error("php-parser returned no program");
  return program;
}

/** Depth-first over every AST node; a union or intersection type is one finding, not its parts. */
function* walk(value: unknown): Generator<AstNode> {
  if (Array.isArray(value)) {
    for (const item of value) yield* walk(item);
    return;
  }
  if (!isNode(value)) return;
  yield value;
  if (value.kind === "uniontype" || value.kind === "intersectiontype") return;
  for (const [key, child] of Object.entries(value)) if (key !== "loc") yield* walk(child);
}

function syntaxProblem(rule: PhpCompatRule, error: unknown, prefix: string): PhpCompatProblem {
  if (!(error instanceof SyntaxError)) throw error; // a parser bug, not a verdict on the source
  const line = "lineNumber" in error && typeof error.lineNumber === "number" ? error.lineNumber : 0;
  return { rule, line, message: `${prefix}: ${error.message.replace(/ on line \d+$/, "")}` };
}

function stringField(node: AstNode, key: string): string {
  const value = node[key];
  return typeof value === "string" ? value : "";
}

/** Why PHP 7.4 would misread this attribute group, or null when it is a compat attribute PHP 7.4 skips. */
function attributeProblem(group: AstNode, source: string, namespaced: boolean): string | null {
  const names = (Array.isArray(group.attrs) ? group.attrs.filter(isNode) : []).map((attr) => stringField(attr, "name"));
  if (!names.every((name) => COMPAT_ATTRIBUTES.has(name.replace(/^\\/, "")))) {
    return "attributes #[...] need PHP 8.0";
  }
  if (namespaced && !names.every((name) => name.startsWith("\\"))) {
    const qualified = names.map((name) => `\\${name.replace(/^\\/, "")}`).join(", ");
    return `in a namespace write #[${qualified}]: without the backslash it names a class of the namespace`;
  }
  const loc = group.loc;
  const aloneOnItsLine = loc && loc.start.line === loc.end.line && /^[ \t]*(\r?\n|$)/.test(source.slice(loc.end.offset));
  return aloneOnItsLine ? null : "PHP 7.4 reads #[...] as a comment to the end of its line: keep the attribute alone on one line";
}

type Finding = [PhpCompatRule, string];

function findingsOf(node: AstNode, source: string, namespaced: boolean): Finding[] {
  switch (node.kind) {
    case "uniontype":
      return [["union-type", "union types (A|B) need PHP 8.0"]];
    case "intersectiontype":
      return [["union-type", "intersection types (A&B) need PHP 8.1"]];
    case "typereference": {
      const name = stringField(node, "name").toLowerCase();
      const since = PHP8_TYPES.get(name);
      return since ? [["php8-type", `the type \`${name}\` needs PHP ${since}`]] : [];
    }
    case "parameter": {
      const findings: Finding[] = [];
      if (node.flags !== 0 || node.readonly === true) findings.push(["promoted-property", "constructor property promotion needs PHP 8.0"]);
      if (node.readonly === true) findings.push(["readonly", "readonly needs PHP 8.1"]);
      if ([...walk(node.value)].some((inner) => inner.kind === "new")) findings.push(["new-in-initializer", "`new` in a parameter's default needs PHP 8.1"]);
      return findings;
    }
    case "property":
      return node.readonly === true ? [["readonly", "readonly properties need PHP 8.1"]] : [];
    case "class":
      return node.isReadonly === true ? [["readonly", "readonly classes need PHP 8.2"]] : [];
    case "attrgroup": {
      const problem = attributeProblem(node, source, namespaced);
      return problem ? [["attribute", problem]] : [];
    }
    case "enum":
      return [["enum", "enums need PHP 8.1"]];
    case "staticlookup": {
      const what = isNode(node.what) ? node.what.kind : "";
      const offset = isNode(node.offset) ? stringField(node.offset, "name").toLowerCase() : "";
      const onObject = offset === "class" && !["name", "selfreference", "parentreference", "staticreference"].includes(what);
      return onObject ? [["class-on-object", "`$object::class` needs PHP 8.0"]] : [];
    }
    case "number":
      return /^0o/i.test(stringField(node, "value")) ? [["explicit-octal", "`0o` octal literals need PHP 8.1"]] : [];
    case "call": {
      const what = node.what;
      if (!isNode(what) || what.kind !== "name" || !["uqn", "fqn"].includes(stringField(what, "resolution"))) return [];
      const name = stringField(what, "name").replace(/^\\/, "").toLowerCase();
      const since = PHP8_FUNCTIONS.get(name);
      return since ? [["php8-function", `${name}() needs PHP ${since} and WordPress 6.1 does not polyfill it`]] : [];
    }
    default:
      return [];
  }
}

/**
 * Every reason `source` would not run on PHP 7.4 that the two passes above can see, in line
 * order; an empty list means the source is PHP 7.4 syntax using no refused PHP 8 function.
 */
export function findPhp74Problems(source: string): PhpCompatProblem[] {
  const problems: PhpCompatProblem[] = [];
  try {
    parse(source, "7.4", false);
  } catch (error) {
    problems.push(syntaxProblem("php74-syntax", error, "not PHP 7.4 syntax"));
  }
  let program: AstNode;
  try {
    program = parse(source, "8.3", true);
  } catch (error) {
    return [...problems, syntaxProblem("php8-syntax", error, "not PHP 8 syntax either")];
  }
  const nodes = [...walk(program)];
  const namespaced = nodes.some((node) => node.kind === "namespace");
  for (const node of nodes) {
    for (const [rule, message] of findingsOf(node, source, namespaced)) problems.push({ rule, line: node.loc?.start.line ?? 0, message });
  }
  return problems.sort((a, b) => a.line - b.line);
}

/** One line per problem, `file:line rule: message`, for an assertion message. */
export function formatPhpProblems(file: string, problems: PhpCompatProblem[]): string {
  return problems.map((problem) => `${file}:${problem.line} ${problem.rule}: ${problem.message}`).join("\n");
}
