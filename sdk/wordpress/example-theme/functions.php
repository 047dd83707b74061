<?php
/**
 * CP Store Example Theme: the SDK set up from a theme (Appearance → License, updates in Dashboard →
 * Updates).
 *
 * @package CP_Store_Example_Theme
 */

defined( 'ABSPATH' ) || exit;

if ( ! defined( 'CP_EXAMPLE_THEME_STORE_URL' ) ) {
	define( 'CP_EXAMPLE_THEME_STORE_URL', 'http://localhost:3000' ); // The store's address.
}
if ( ! defined( 'CP_EXAMPLE_THEME_PRODUCT' ) ) {
	define( 'CP_EXAMPLE_THEME_PRODUCT', 'agency-theme-bundle' ); // The product's slug in the store.
}
if ( ! defined( 'CP_EXAMPLE_THEME_PUBLIC_KEY' ) ) {
	define( 'CP_EXAMPLE_THEME_PUBLIC_KEY', 'PASTE-THE-STORE-PUBLIC-KEY-HERE' ); // From /api/v1/licenses/signing-key.
}

/**
 * This theme's license (the SDK's object), created once.
 *
 * @return object The SDK's License.
 */
function cp_example_theme_license() {
	static $license = null;
	if ( null === $license ) {
		$license = ( require __DIR__ . '/cp-store-sdk/cp-store-sdk.php' )(
			array(
				'store_url'  => CP_EXAMPLE_THEME_STORE_URL,
				'product'    => CP_EXAMPLE_THEME_PRODUCT,
				'public_key' => CP_EXAMPLE_THEME_PUBLIC_KEY,
				'file'       => __FILE__,
			)
		);
	}
	return $license;
}
cp_example_theme_license();
