// The PHP 7.4 check of the WordPress SDK (tests/helpers/php-compat.ts): each construct PHP 7.4
// lacks is refused with the rule that names it, and PHP 7.4 code written the WordPress way passes.
import { describe, expect, it } from "vitest";
import { findPhp74Problems, type PhpCompatRule } from "../helpers/php-compat";

/** A file whose line 2 is `body`. */
const php = (body: string) => `<?php\n${body}\n`;

// [construct, a file's body from line 2, rule, its line when not 2]: each is valid PHP 8.
const PHP8_CONSTRUCTS: Array<[string, string, PhpCompatRule, number?]> = [
  // Refused by php-parser itself when it parses as PHP 7.4:
  ["match", "$label = match ( $status ) { 'valid' => 'OK', default => '?' };", "php74-syntax"],
  ["nullsafe method call", "$name = $license?->product();", "php74-syntax"],
  ["nullsafe property", "$name = $license?->product;", "php74-syntax"],
  ["named argument", "$json = json_encode( $data, flags: JSON_PRETTY_PRINT );", "php74-syntax"],
  ["named argument in a method call", "$client->get( '/v1/verify', timeout: 5 );", "php74-syntax"],
  ["first-class callable", "$length = strlen( ... );", "php74-syntax"],
  ["first-class callable of a method", "$verify = $client->verify( ... );", "php74-syntax"],
  ["first-class callable of a static method", "$verify = Client::verify( ... );", "php74-syntax"],
  ["throw expression", "$key = $config['key'] ?? throw new \\Exception( 'key' );", "php74-syntax"],
  ["catch without a variable", "try { f(); } catch ( \\Exception ) { }", "php74-syntax"],
  ["trailing comma after the last parameter", "function f( $a, $b, ) {}", "php74-syntax"],
  ["typed class constant", "class A { const string X = 'x'; }", "php74-syntax"],
  ["enum (parser)", "enum Status { case Valid; }", "php74-syntax"],
  // Found in the PHP 8 parse by the checker's own walk:
  ["enum", "enum Status: string { case Valid = 'valid'; }", "enum"],
  ["union type of a parameter", "function f( int|string $id ) {}", "union-type"],
  ["union return type", "function f(): array|false { return false; }", "union-type"],
  ["union type of a property", "class A { private int|string $id = 0; }", "union-type"],
  ["intersection type", "function f( \\Countable&\\Traversable $items ) {}", "union-type"],
  ["constructor property promotion", "class A { public function __construct( private string $key ) {} }", "promoted-property"],
  ["mixed return type", "function f(): mixed { return 1; }", "php8-type"],
  ["mixed parameter type", "function f( mixed $value ) {}", "php8-type"],
  ["static return type", "class A { public function copy(): static { return clone $this; } }", "php8-type"],
  ["nullable static return type", "class A { public function copy(): ?static { return null; } }", "php8-type"],
  ["never return type", "function fail(): never { exit; }", "php8-type"],
  ["false as a type", "function f(): false { return false; }", "php8-type"],
  ["null as a type", "function f(): null { return null; }", "php8-type"],
  ["true as a type", "function f(): true { return true; }", "php8-type"],
  ["attribute", "#[Deprecated] function f() {}", "attribute"],
  ["attribute on its own line", "#[\\Attribute]\nclass A {}", "attribute"],
  ["compat attribute sharing its line with the method", "class A implements \\Countable { #[\\ReturnTypeWillChange] public function count() { return 0; } }", "attribute"],
  ["compat attribute over two lines", "class A implements \\Countable {\n#[\n\\ReturnTypeWillChange]\npublic function count() { return 0; } }", "attribute", 3],
  ["compat attribute without its backslash in a namespace", "namespace A;\nclass B implements \\Countable {\n#[ReturnTypeWillChange]\npublic function count() { return 0; } }", "attribute", 4],
  ["readonly property", "class A { public readonly string $key; }", "readonly"],
  ["readonly promoted parameter", "class A { public function __construct( public readonly string $key ) {} }", "readonly"],
  ["readonly class", "readonly class A {}", "readonly"],
  ["::class on an object", "$class = $license::class;", "class-on-object"],
  ["new in a parameter's default", "function f( $clock = new Clock() ) {}", "new-in-initializer"],
  ["0o octal", "$mode = 0o644;", "explicit-octal"],
  ["array_is_list (WordPress 6.5 polyfills it; the floor is 6.1)", "$list = array_is_list( $items );", "php8-function"],
  ["a fully qualified PHP 8 function", "$type = \\get_debug_type( $value );", "php8-function"],
  ["fdiv", "$ratio = fdiv( 1, 0 );", "php8-function"],
  ["get_resource_id", "$id = get_resource_id( $handle );", "php8-function"],
  ["preg_last_error_msg", "$error = preg_last_error_msg();", "php8-function"],
  ["json_validate", "$ok = json_validate( $body );", "php8-function"],
  ["array_find (WordPress 6.8 polyfills it)", "$first = array_find( $items, 'is_int' );", "php8-function"],
];

describe("findPhp74Problems refuses what PHP 7.4 lacks", () => {
  it.each(PHP8_CONSTRUCTS)("%s", (_construct, body, rule, line = 2) => {
    const problems = findPhp74Problems(php(body));
    expect(problems).toContainEqual(expect.objectContaining({ rule, line }));
    expect(problems.map((problem) => problem.rule)).not.toContain("php8-syntax");
  });

  it("names the line of each problem and says what to do", () => {
    const source = php("$a = 1;\nfunction f(): mixed { return array_is_list( [] ); }\n#[Deprecated] function g() {}");
    expect(findPhp74Problems(source)).toEqual([
      { rule: "php8-type", line: 3, message: "the type `mixed` needs PHP 8.0" },
      { rule: "php8-function", line: 3, message: "array_is_list() needs PHP 8.1 and WordPress 6.1 does not polyfill it" },
      { rule: "attribute", line: 4, message: "attributes #[...] need PHP 8.0" },
    ]);
  });

  it("reports source that is not PHP at all as such", () => {
    expect(findPhp74Problems(php("function ( {")).map((problem) => problem.rule)).toEqual(["php74-syntax", "php8-syntax"]);
  });
});

describe("findPhp74Problems accepts PHP 7.4", () => {
  it("passes a plugin class written the WordPress way", () => {
    expect(findPhp74Problems(WORDPRESS_PHP74)).toEqual([]);
  });

  it.each([
    ["str_contains (WordPress 5.9 polyfills it)", "$found = str_contains( $haystack, 'needle' );"],
    ["str_starts_with and str_ends_with", "$ok = str_starts_with( $url, 'https://' ) && str_ends_with( $url, '/' );"],
    ["a method named like a PHP 8 function", "$list = $this->array_is_list( $items );"],
    ["a namespaced function named like a PHP 8 function", "$list = Util\\array_is_list( $items );"],
    ["a compat attribute on its own line outside a namespace", "class A implements \\Countable {\n#[ReturnTypeWillChange]\npublic function count() { return 0; } }"],
    ["static:: and self::class", "class A { public static function make() { return new static(); } public function name() { return self::class . static::class; } }"],
    ["multi-catch", "try { f(); } catch ( \\RuntimeException | \\LogicException $e ) { }"],
    ["numeric separators", "$timeout = 1_000;"],
    ["templates with the alternative syntax", "?><p><?php if ( $valid ) : ?>OK<?php else : ?>?<?php endif; ?></p><?php"],
  ])("allows %s", (_case, body) => {
    expect(findPhp74Problems(php(body))).toEqual([]);
  });

  // A gap of php-parser 3.7 below PHP 8.5: `clone( $x )` (valid in every PHP) is refused, so the
  // SDK writes `clone $x`. When this test fails, the parser has learnt it: delete the test.
  it("refuses clone( $x ), a known false alarm of php-parser", () => {
    expect(findPhp74Problems(php("$copy = clone( $this );")).map((problem) => problem.rule)).toContain("php74-syntax");
    expect(findPhp74Problems(php("$copy = clone $this;"))).toEqual([]);
  });
});

// Typed properties, arrow functions, ??=, spread, a namespace, closures, heredoc and nowdoc,
// nullable and void types, list() with keys, a compat attribute: all PHP 7.4.
const WORDPRESS_PHP74 = String.raw`<?php
/**
 * Example plugin file.
 *
 * @package Acme\Licensing
 */

namespace Acme\Licensing;

use InvalidArgumentException;
use JsonSerializable;

defined( 'ABSPATH' ) || exit;

final class License_Cache implements JsonSerializable, \Countable {
	public const OPTION = 'acme_license_cache';

	private string $product;
	private ?array $entries = null;
	private static int $instances = 0;
	protected iterable $sources = array();

	public function __construct( string $product, array ...$sources ) {
		if ( '' === $product ) {
			throw new InvalidArgumentException( 'product' );
		}
		$this->product = $product;
		$this->sources = array( ...$sources );
		++self::$instances;
	}

	public function register(): void {
		add_action( 'admin_init', array( $this, 'refresh' ) );
		add_filter(
			'plugin_action_links',
			function ( array $links ) {
				return array_merge( $links, array( $this->link() ) );
			}
		);
	}

	public function refresh(): void {
		$this->entries ??= get_option( self::OPTION, array() );
		$valid         = array_filter( $this->entries, fn( $entry ) => 'valid' === ( $entry['status'] ?? '' ) );
		$keys          = array_map( static fn( array $entry ): string => $entry['key'], $valid );
		[ 'first' => $first ] = array( 'first' => reset( $keys ) );
		update_option( self::OPTION, array_merge( ...array_values( array( $valid, array() ) ) ), false );
		if ( $first && str_starts_with( $first, 'CP-' ) ) {
			$this->notice( $first );
		}
	}

	private function notice( string $key ): void {
		$product = esc_html( $this->product );
		$masked  = esc_html( substr( $key, 0, 6 ) );
		echo <<<HTML
<div class="notice notice-success"><p>{$product}: {$masked}…</p></div>
HTML;
		echo <<<'TEXT'
Nowdoc text stays as written: $product
TEXT;
	}

	private function link(): string {
		return sprintf( '<a href="%s">%s</a>', esc_url( admin_url( 'options-general.php?page=acme' ) ), esc_html__( 'License', 'acme' ) );
	}

	public function jsonSerialize(): array {
		return array( 'product' => $this->product ) + ( $this->entries ?? array() );
	}

	#[\ReturnTypeWillChange]
	public function count() {
		return count( $this->entries ?? array() );
	}

	public static function instances(): int {
		return static::$instances;
	}
}
`;
