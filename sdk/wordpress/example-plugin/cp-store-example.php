<?php
/**
 * Plugin Name:       CP Store Example Plugin
 * Plugin URI:        http://localhost:3000
 * Description:       A plugin sold through CP Store: a license screen, license checks, and updates from the store. The [cp-store-example] shortcode shows its premium greeting while the license is valid.
 * Version:           1.0.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * Author:            CP Store
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       cp-store-example
 */

defined( 'ABSPATH' ) || exit;

// The three settings of the SDK. Each may be set earlier (in wp-config.php, say) to point a
// staging copy at a staging store.
if ( ! defined( 'CP_EXAMPLE_STORE_URL' ) ) {
	define( 'CP_EXAMPLE_STORE_URL', 'http://localhost:3000' ); // The store's address.
}
if ( ! defined( 'CP_EXAMPLE_PRODUCT' ) ) {
	define( 'CP_EXAMPLE_PRODUCT', 'pro-forms-plugin' ); // The product's slug in the store.
}
if ( ! defined( 'CP_EXAMPLE_PUBLIC_KEY' ) ) {
	// The store's `public_key` from /api/v1/licenses/signing-key (a list when it publishes several).
	define( 'CP_EXAMPLE_PUBLIC_KEY', 'PASTE-THE-STORE-PUBLIC-KEY-HERE' );
}

/**
 * This plugin's license (the SDK's object), created once.
 *
 * @return object The SDK's License: is_valid(), status(), render().
 */
function cp_example_license() {
	static $license = null;
	if ( null === $license ) {
		$license = ( require __DIR__ . '/cp-store-sdk/cp-store-sdk.php' )(
			array(
				'store_url'  => CP_EXAMPLE_STORE_URL,  // https://store.example.com
				'product'    => CP_EXAMPLE_PRODUCT,    // the product's slug
				'public_key' => CP_EXAMPLE_PUBLIC_KEY, // public_key from /api/v1/licenses/signing-key
				'file'       => __FILE__,
			)
		);
	}
	return $license;
}
cp_example_license();

/**
 * The [cp-store-example] shortcode: the premium greeting while the license is valid.
 *
 * @return string
 */
function cp_example_shortcode() {
	if ( ! cp_example_license()->is_valid() ) {
		return '<p class="cp-store-example-locked">' . esc_html__( 'This feature needs an active license.', 'cp-store-example' ) . '</p>';
	}
	$data = get_file_data(
		__FILE__,
		array(
			'Name'    => 'Plugin Name',
			'Version' => 'Version',
		)
	);
	return '<p class="cp-store-example-premium">' . esc_html(
		/* translators: 1: plugin name, 2: version */
		sprintf( __( 'Premium greeting from %1$s %2$s.', 'cp-store-example' ), $data['Name'], $data['Version'] )
	) . '</p>';
}
add_shortcode( 'cp-store-example', 'cp_example_shortcode' );
