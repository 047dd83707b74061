<?php
/**
 * Talks to the store: Verify, deactivate and the update check. Every answer that decides anything
 * must carry a valid Ed25519 signature over its exact body, by one of the product's public keys, and
 * echo the nonce this request sent; anything else is "unverified", never trusted and never fatal.
 *
 * @package CPStore\SDK
 */

namespace CPStore\SDK\v1_0_0;

defined( 'ABSPATH' ) || exit;

/**
 * The store's public HTTP API, as one product on one site sees it.
 */
final class Store_Client {

	const SIGNATURE_HEADER = 'x-cp-signature';
	const SIGNATURE_BYTES  = 64;
	const PUBLIC_KEY_BYTES = 32;

	/** @var string The store's base URL, without a trailing slash. */
	private $store_url;

	/** @var string The product's slug. */
	private $product;

	/** @var string[] Raw 32-byte Ed25519 public keys. */
	private $public_keys;

	/** @var int Seconds a request may take. */
	private $timeout;

	/**
	 * @param string   $store_url   The store's base URL.
	 * @param string   $product     The product's slug.
	 * @param string[] $public_keys Raw 32-byte public keys (see decode_public_keys()).
	 * @param int      $timeout     Seconds a request may take.
	 */
	public function __construct( string $store_url, string $product, array $public_keys, int $timeout ) {
		$this->store_url   = rtrim( $store_url, '/' );
		$this->product     = $product;
		$this->public_keys = $public_keys;
		$this->timeout     = $timeout;
	}

	/**
	 * Base64 public keys (as /api/v1/licenses/signing-key publishes them) to raw keys; any that is not
	 * exactly 32 bytes of strict base64 is left out.
	 *
	 * @param string|string[] $keys One key or a list (ship every key the store publishes).
	 * @return string[]
	 */
	public static function decode_public_keys( $keys ): array {
		$raw = array();
		foreach ( (array) $keys as $key ) {
			$decoded = is_string( $key ) ? base64_decode( trim( $key ), true ) : false;
			if ( is_string( $decoded ) && self::PUBLIC_KEY_BYTES === strlen( $decoded ) ) {
				$raw[] = $decoded;
			}
		}
		return $raw;
	}

	/**
	 * The store's host and port (a port only when the URL names one).
	 *
	 * @return array{host: string, port: int|null}
	 */
	public function origin(): array {
		$parts = wp_parse_url( $this->store_url );
		return array(
			'host' => isset( $parts['host'] ) ? strtolower( $parts['host'] ) : '',
			'port' => isset( $parts['port'] ) ? (int) $parts['port'] : null,
		);
	}

	/**
	 * The store's base URL.
	 *
	 * @return string
	 */
	public function store_url(): string {
		return $this->store_url;
	}

	/**
	 * POST /api/v1/licenses/verify: judges the key for this product and site (a new site takes a slot).
	 *
	 * @param string $key  The license key.
	 * @param string $site The site (home URL); the store keeps only its host.
	 * @return array{ok: bool, answer?: array, problem?: array}
	 */
	public function verify( string $key, string $site ): array {
		$nonce    = self::nonce();
		$response = $this->post(
			'/api/v1/licenses/verify',
			array(
				'key'     => $key,
				'domain'  => $site,
				'product' => $this->product,
				'nonce'   => $nonce,
			)
		);
		return $this->signed_answer( $response, $nonce );
	}

	/**
	 * POST /api/v1/licenses/deactivate: frees this site's slot.
	 *
	 * @param string $key  The license key.
	 * @param string $site The site (home URL).
	 * @return array{ok: bool, answer?: array, problem?: array}
	 */
	public function deactivate( string $key, string $site ): array {
		$response = $this->post(
			'/api/v1/licenses/deactivate',
			array(
				'key'    => $key,
				'domain' => $site,
			)
		);
		// The store signs this answer too, but it echoes no nonce: a replayed "DEACTIVATED" could
		// only make this site forget a key it was giving up anyway.
		return $this->signed_answer( $response, null );
	}

	/**
	 * GET /api/v1/updates/{product}: the newest release, and a download link when the key allows it.
	 *
	 * @param array $query license_key, domain, installed_version, php, locale, channel.
	 * @return array{ok: bool, answer?: array, problem?: array}
	 */
	public function update_check( array $query ): array {
		$nonce          = self::nonce();
		$query['nonce'] = $nonce;
		$url            = $this->store_url . '/api/v1/updates/' . rawurlencode( $this->product ) . '?' . http_build_query( $query, '', '&', PHP_QUERY_RFC3986 );
		$response       = wp_remote_get(
			$url,
			array(
				'timeout' => $this->timeout,
				'headers' => array( 'Accept' => 'application/json' ),
			)
		);
		return $this->signed_answer( $response, $nonce );
	}

	/**
	 * A form POST to the store (what Verify and deactivate take from WordPress).
	 *
	 * @param string $path The endpoint's path.
	 * @param array  $body The form fields.
	 * @return array|\WP_Error
	 */
	private function post( string $path, array $body ) {
		return wp_remote_post(
			$this->store_url . $path,
			array(
				'timeout' => $this->timeout,
				'headers' => array( 'Accept' => 'application/json' ),
				'body'    => $body,
			)
		);
	}

	/**
	 * The decoded answer when it is HTTP 200, signed by one of the product's keys over its exact
	 * bytes, and carries the nonce sent (when one was); otherwise why not.
	 *
	 * @param array|\WP_Error $response What wp_remote_*() returned.
	 * @param string|null     $nonce    The nonce the request sent.
	 * @return array{ok: bool, answer?: array, problem?: array}
	 */
	private function signed_answer( $response, $nonce ): array {
		if ( is_wp_error( $response ) ) {
			return self::problem( 'unreachable', $response->get_error_message() );
		}
		$status = (int) wp_remote_retrieve_response_code( $response );
		$body   = (string) wp_remote_retrieve_body( $response );
		if ( 200 !== $status ) {
			return self::http_problem( $status, $body, $response );
		}
		if ( ! $this->signature_matches( $body, wp_remote_retrieve_header( $response, self::SIGNATURE_HEADER ) ) ) {
			return self::problem( 'unverified', 'signature' );
		}
		$answer = json_decode( $body, true );
		if ( ! is_array( $answer ) ) {
			return self::problem( 'unverified', 'body' );
		}
		if ( null !== $nonce && ( ! isset( $answer['nonce'] ) || ! is_string( $answer['nonce'] ) || ! hash_equals( $nonce, $answer['nonce'] ) ) ) {
			return self::problem( 'unverified', 'nonce' );
		}
		return array(
			'ok'     => true,
			'answer' => $answer,
		);
	}

	/**
	 * Whether `$signature` (the X-CP-Signature header as WordPress hands it over: a string, or an
	 * array when the header came more than once) is a valid signature of `$body`. Anything
	 * malformed is simply not a match.
	 *
	 * @param string       $body      The exact body bytes.
	 * @param string|array $signature The header's value.
	 * @return bool
	 */
	private function signature_matches( string $body, $signature ): bool {
		if ( ! is_string( $signature ) || '' === $signature || ! function_exists( 'sodium_crypto_sign_verify_detached' ) ) {
			return false;
		}
		$raw = base64_decode( trim( $signature ), true );
		if ( ! is_string( $raw ) || self::SIGNATURE_BYTES !== strlen( $raw ) ) {
			return false;
		}
		foreach ( $this->public_keys as $public_key ) {
			try {
				if ( sodium_crypto_sign_verify_detached( $raw, $body, $public_key ) ) {
					return true;
				}
			} catch ( \Throwable $error ) {
				// SodiumException or TypeError from a polyfill: not a match.
				continue;
			}
		}
		return false;
	}

	/**
	 * A non-200 answer: the store's own error code and message when it sent JSON.
	 *
	 * @param int    $status   HTTP status.
	 * @param string $body     Body.
	 * @param array  $response The response (for Retry-After).
	 * @return array{ok: false, problem: array}
	 */
	private static function http_problem( int $status, string $body, array $response ): array {
		$decoded = json_decode( $body, true );
		$message = is_array( $decoded ) && isset( $decoded['error']['message'] ) && is_string( $decoded['error']['message'] )
			? $decoded['error']['message']
			: '';
		if ( 429 === $status ) {
			$retry = wp_remote_retrieve_header( $response, 'retry-after' );
			return self::problem( 'rate_limited', is_string( $retry ) ? $retry : '', $status );
		}
		if ( $status >= 400 && $status < 500 && '' !== $message ) {
			return self::problem( 'rejected', $message, $status );
		}
		return self::problem( 'http_error', $message, $status );
	}

	/**
	 * A failed call's description.
	 *
	 * @param string $kind   unreachable, unverified, rate_limited, rejected or http_error.
	 * @param string $detail What went wrong (never the key).
	 * @param int    $status HTTP status, 0 when there was none.
	 * @return array{ok: false, problem: array}
	 */
	private static function problem( string $kind, string $detail, int $status = 0 ): array {
		return array(
			'ok'      => false,
			'problem' => array(
				'kind'   => $kind,
				'detail' => substr( $detail, 0, 300 ),
				'status' => $status,
			),
		);
	}

	/**
	 * A fresh 128-bit nonce (random_bytes needs nothing from WordPress's pluggable functions).
	 *
	 * @return string
	 */
	private static function nonce(): string {
		return bin2hex( random_bytes( 16 ) );
	}
}
