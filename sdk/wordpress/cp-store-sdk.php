<?php
/**
 * CP Store SDK for WordPress: license screen, activation, signed and cached license checks, and
 * updates from the store, for one plugin or theme.
 *
 * Include it with `require` (not require_once: every include returns the factory) and call what it
 * returns with the product's settings:
 *
 *     $license = ( require __DIR__ . '/cp-store-sdk/cp-store-sdk.php' )( array(
 *         'store_url'  => 'https://store.example.com',
 *         'product'    => 'acme-seo',
 *         'public_key' => 'oxURKfjOJQghMBY1GKSpqEIReedZFjpAv2aVw15Mols=',
 *         'file'       => __FILE__,
 *     ) );
 *     if ( $license->is_valid() ) { ... }
 *
 * Every class lives in a namespace that carries the SDK's version, so two plugins bundling two
 * versions each run their own; two bundling the same version share one copy of its classes.
 *
 * @package CPStore\SDK
 * @license GPL-2.0-or-later
 */

namespace CPStore\SDK\v1_0_0;

defined( 'ABSPATH' ) || exit;

if ( ! class_exists( __NAMESPACE__ . '\\License', false ) ) {
	require __DIR__ . '/src/class-store-client.php';
	require __DIR__ . '/src/class-license-state.php';
	require __DIR__ . '/src/class-license.php';
	require __DIR__ . '/src/class-status-view.php';
	require __DIR__ . '/src/class-license-screen.php';
	require __DIR__ . '/src/class-updater.php';
}

return static function ( array $config ) {
	return License::register( $config );
};
