<?php
/**
 * What to tell the site's administrator about the license: one sentence or a few for every Verify
 * code and for every way a check can fail, and the one link that gets them out (free a site, renew).
 *
 * @package CPStore\SDK
 */

namespace CPStore\SDK\v1_0_0;

defined( 'ABSPATH' ) || exit;

/**
 * Turns License::status() into words.
 */
final class Status_View {

	/**
	 * @param array   $status  License::status().
	 * @param License $license The license (for its name, store and grace period).
	 * @return array{level: string, code: string, lines: string[], link: array|null}
	 */
	public static function of( array $status, License $license ): array {
		$answer  = $status['answer'];
		$problem = $status['problem'];
		if ( '' === $status['key'] ) {
			return self::view(
				'info',
				'NO_KEY',
				/* translators: %s: the store's address */
				array( sprintf( __( 'No license key is entered on this site. Enter the key from your purchase receipt, or from Account → Licenses at %s.', 'cp-store-sdk' ), self::store_host( $license ) ) )
			);
		}
		if ( ! $answer ) {
			return $problem
				? self::view( 'error', 'UNCHECKED', array( self::problem_text( $problem, $license ) ) )
				: self::view( 'warning', 'UNCHECKED', array( __( 'The key is saved but has not been checked yet.', 'cp-store-sdk' ) ) );
		}
		$view = self::answer_view( $answer, $status, $license );
		if ( $problem ) {
			$view['lines'][] = self::problem_text( $problem, $license );
			if ( $status['valid'] && null !== $status['grace_until'] ) {
				/* translators: %s: a date */
				$view['lines'][] = sprintf( __( 'The license stays active until %s unless the store confirms it before then.', 'cp-store-sdk' ), self::date( $status['grace_until'] ) );
				$view['level']   = 'warning';
			}
		}
		return $view;
	}

	/**
	 * The last signed answer in words.
	 *
	 * @param array   $answer  The stored answer.
	 * @param array   $status  License::status().
	 * @param License $license The license.
	 * @return array
	 */
	private static function answer_view( array $answer, array $status, License $license ): array {
		$code    = $answer['code'];
		$expired = '' !== $answer['expires_at'] && strtotime( $answer['expires_at'] ) <= time();
		if ( 'VALID' === $code && $expired ) {
			$code = 'EXPIRED';
		}
		switch ( $code ) {
			case 'VALID':
				if ( ! $status['valid'] ) {
					return self::view(
						'error',
						'STALE',
						/* translators: %s: a date */
						array( sprintf( __( 'The license could not be confirmed with the store since %s, so it is no longer treated as active. Check your connection to the store, then click Check again.', 'cp-store-sdk' ), self::date( (int) $answer['checked_at'] ) ) )
					);
				}
				$lines = array( self::sites_text( $answer ) );
				$lines[] = '' === $answer['expires_at']
					? __( 'Lifetime license: it does not expire.', 'cp-store-sdk' )
					/* translators: %s: a date */
					: sprintf( __( 'Expires on %s.', 'cp-store-sdk' ), self::date( strtotime( $answer['expires_at'] ) ) );
				/* translators: %s: a time span such as "5 mins" */
				$lines[] = sprintf( __( 'Last checked %s ago.', 'cp-store-sdk' ), human_time_diff( (int) $answer['checked_at'] ) );
				return self::view( 'success', 'VALID', $lines );
			case 'MAX_ACTIVATIONS_EXCEEDED':
				return self::view(
					'error',
					$code,
					/* translators: 1: sites in use, 2: sites allowed */
					array( sprintf( __( 'This key is already active on %1$d of %2$d sites. Free a site from your account, then click Check again.', 'cp-store-sdk' ), (int) $answer['used'], (int) $answer['max'] ) ),
					self::link( $answer['manage_url'], __( 'Manage your sites', 'cp-store-sdk' ) )
				);
			case 'EXPIRED':
				return self::view(
					'error',
					$code,
					/* translators: %s: a date */
					array( sprintf( __( 'This license expired on %s. Renew it to get updates again.', 'cp-store-sdk' ), self::date( strtotime( $answer['expires_at'] ) ) ) ),
					self::link( $answer['renew_url'], __( 'Renew your license', 'cp-store-sdk' ) )
				);
			case 'REVOKED':
				return self::view( 'error', $code, array( __( 'This license key has been revoked, for example after a refund. Contact the store if you think this is a mistake.', 'cp-store-sdk' ) ) );
			case 'PRODUCT_MISMATCH':
				return self::view(
					'error',
					$code,
					/* translators: 1: the key's product, 2: this product */
					array( sprintf( __( 'This key is for %1$s, not for %2$s. Enter the key you bought for %2$s.', 'cp-store-sdk' ), '' !== $answer['product_name'] ? $answer['product_name'] : __( 'another product', 'cp-store-sdk' ), $license->name() ) )
				);
			default:
				return self::view( 'error', 'NOT_FOUND', array( __( 'This license key is not valid. Check it for typos: keys look like CP-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX.', 'cp-store-sdk' ) ) );
		}
	}

	/**
	 * "Active, 1 of 5 sites", "Active, unlimited sites", or the local-site note.
	 *
	 * @param array $answer The stored answer.
	 * @return string
	 */
	private static function sites_text( array $answer ): string {
		if ( $answer['local'] ) {
			return __( 'Active on this local site (local sites do not count against your sites).', 'cp-store-sdk' );
		}
		if ( null === $answer['max'] || 0 === $answer['max'] ) {
			return __( 'Active, unlimited sites.', 'cp-store-sdk' );
		}
		/* translators: 1: sites in use, 2: sites allowed */
		return sprintf( _n( 'Active, %1$d of %2$d site.', 'Active, %1$d of %2$d sites.', (int) $answer['max'], 'cp-store-sdk' ), (int) $answer['used'], (int) $answer['max'] );
	}

	/**
	 * A failed check in words.
	 *
	 * @param array   $problem kind, detail, status.
	 * @param License $license The license.
	 * @return string
	 */
	private static function problem_text( array $problem, License $license ): string {
		$host = self::store_host( $license );
		switch ( $problem['kind'] ) {
			case 'unreachable':
				/* translators: 1: the store's address, 2: the error */
				return sprintf( __( 'Could not reach the license store at %1$s (%2$s). The key is saved and is checked again automatically; click Check again to try now.', 'cp-store-sdk' ), $host, $problem['detail'] );
			case 'unverified':
				/* translators: %s: the store's address */
				return sprintf( __( 'The answer from %s could not be verified (it is not signed with this product\'s key), so it was ignored. If this keeps happening, the store address may be wrong or something between this site and the store changes its answers.', 'cp-store-sdk' ), $host );
			case 'rate_limited':
				return __( 'The license store is busy right now. The key is saved and is checked again later.', 'cp-store-sdk' );
			case 'rejected':
				/* translators: %s: the store's message */
				return sprintf( __( 'The license store refused the request: %s', 'cp-store-sdk' ), $problem['detail'] );
			default:
				/* translators: 1: the store's address, 2: an HTTP status code */
				return sprintf( __( 'The license store at %1$s answered with an error (HTTP %2$d). The key is saved and is checked again automatically.', 'cp-store-sdk' ), $host, (int) $problem['status'] );
		}
	}

	/**
	 * @param string     $level success, info, warning or error.
	 * @param string     $code  A stable code (the screen's data-code, for tests and styling).
	 * @param string[]   $lines Sentences.
	 * @param array|null $link  url, text.
	 * @return array
	 */
	private static function view( string $level, string $code, array $lines, $link = null ): array {
		return array(
			'level' => $level,
			'code'  => $code,
			'lines' => $lines,
			'link'  => $link,
		);
	}

	/**
	 * A link, when the store gave an address.
	 *
	 * @param string $url  The address.
	 * @param string $text The label.
	 * @return array|null
	 */
	private static function link( string $url, string $text ) {
		$scheme = wp_parse_url( $url, PHP_URL_SCHEME );
		return in_array( $scheme, array( 'http', 'https' ), true ) ? array(
			'url'  => $url,
			'text' => $text,
		) : null;
	}

	/**
	 * A date in the site's format.
	 *
	 * @param int $timestamp Unix time.
	 * @return string
	 */
	private static function date( int $timestamp ): string {
		return wp_date( (string) get_option( 'date_format' ), $timestamp );
	}

	/**
	 * The store's host, as people know it.
	 *
	 * @param License $license The license.
	 * @return string
	 */
	private static function store_host( License $license ): string {
		$client = $license->client();
		return $client ? (string) wp_parse_url( $client->store_url(), PHP_URL_HOST ) : '';
	}
}
