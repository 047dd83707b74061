<?php
/**
 * Updates from the store: the product appears in Dashboard → Updates with "View details"
 * (description, installation, changelog, requirements) and installs with one click when the key
 * allows it. The store's update API answers in plugin-update-checker's format, signed like Verify;
 * an answer whose signature or nonce does not check out is ignored, and a download link is only
 * ever taken from a verified answer and only when it points at the store.
 *
 * The store is asked when WordPress refreshes its own update data (about every 12 hours, or
 * "Check again" on the Updates screen), at most once per 12 hours per key, site and version.
 *
 * @package CPStore\SDK
 */

namespace CPStore\SDK\v1_0_0;

defined( 'ABSPATH' ) || exit;

/**
 * WordPress's plugin or theme updates for one product.
 */
final class Updater {

	const CACHE_SECONDS = 12 * HOUR_IN_SECONDS;
	/** A failed check is not repeated for this long (the last good answer is used meanwhile). */
	const RETRY_SECONDS = HOUR_IN_SECONDS;

	/** @var License */
	private $license;

	/**
	 * @param License $license The product's license.
	 */
	public function __construct( License $license ) {
		$this->license = $license;
	}

	/**
	 * Hooks into WordPress's update data for a plugin or a theme.
	 */
	public function add_hooks() {
		if ( 'theme' === $this->license->config( 'type' ) ) {
			add_filter( 'pre_set_site_transient_update_themes', array( $this, 'add_theme_update' ) );
		} else {
			add_filter( 'pre_set_site_transient_update_plugins', array( $this, 'add_plugin_update' ) );
			add_filter( 'plugins_api', array( $this, 'plugin_information' ), 10, 3 );
			add_action( 'in_plugin_update_message-' . $this->license->plugin_basename(), array( $this, 'update_message' ), 10, 2 );
		}
		add_action( 'cp_store_license_key_changed_' . $this->license->config( 'product' ), array( $this, 'refresh_wordpress_updates' ) );
	}

	/**
	 * Adds this plugin to WordPress's update data (see place()).
	 *
	 * @param mixed $transient WordPress's update_plugins data.
	 * @return mixed
	 */
	public function add_plugin_update( $transient ) {
		if ( ! is_object( $transient ) ) {
			return $transient;
		}
		$info = $this->info();
		if ( ! $info || ! isset( $info['version'] ) || ! is_string( $info['version'] ) ) {
			return $transient;
		}
		$basename = $this->license->plugin_basename();
		$item     = (object) array(
			'id'             => $this->license->client()->store_url() . '/' . $this->license->config( 'product' ),
			'slug'           => $this->plugin_slug(),
			'plugin'         => $basename,
			'new_version'    => $info['version'],
			'url'            => self::text( $info, 'homepage' ),
			'package'        => $this->package( $info ),
			'icons'          => self::strings( $info, 'icons' ),
			'banners'        => self::strings( $info, 'banners' ),
			'banners_rtl'    => array(),
			'tested'         => self::text( $info, 'tested' ),
			'requires'       => self::text( $info, 'requires' ),
			'requires_php'   => self::text( $info, 'requires_php' ),
			'upgrade_notice' => self::text( $info, 'upgrade_notice' ),
		);
		self::place( $transient, $basename, $item, $info['version'], $this->license->installed_version() );
		return $transient;
	}

	/**
	 * Adds this theme to WordPress's update_themes data.
	 *
	 * @param mixed $transient WordPress's update_themes data.
	 * @return mixed
	 */
	public function add_theme_update( $transient ) {
		if ( ! is_object( $transient ) ) {
			return $transient;
		}
		$info = $this->info();
		if ( ! $info || ! isset( $info['version'] ) || ! is_string( $info['version'] ) ) {
			return $transient;
		}
		$stylesheet = $this->license->theme_stylesheet();
		$item       = array(
			'theme'        => $stylesheet,
			'new_version'  => $info['version'],
			'url'          => self::text( $info, 'details_url' ),
			'package'      => $this->package( $info ),
			'requires'     => self::text( $info, 'requires' ),
			'requires_php' => self::text( $info, 'requires_php' ),
		);
		self::place( $transient, $stylesheet, $item, $info['version'], $this->license->installed_version() );
		return $transient;
	}

	/**
	 * "View details": the plugin's page in WordPress's own dialog, from the store's answer.
	 *
	 * @param mixed  $result What other filters answered.
	 * @param string $action The plugins_api action.
	 * @param object $args   Its arguments (slug).
	 * @return mixed
	 */
	public function plugin_information( $result, $action, $args ) {
		if ( 'plugin_information' !== $action || ! is_object( $args ) || ! isset( $args->slug ) || $args->slug !== $this->plugin_slug() ) {
			return $result;
		}
		$info = $this->info();
		if ( ! $info ) {
			return $result;
		}
		$sections = array();
		foreach ( self::strings( $info, 'sections' ) as $name => $html ) {
			if ( '' !== trim( $html ) ) {
				$sections[ $name ] = $html;
			}
		}
		return (object) array(
			'name'          => '' !== self::text( $info, 'name' ) ? self::text( $info, 'name' ) : $this->license->name(),
			'slug'          => $this->plugin_slug(),
			'version'       => self::text( $info, 'version' ),
			'author'        => esc_html( self::text( $info, 'author' ) ),
			'homepage'      => self::text( $info, 'homepage' ),
			'requires'      => self::text( $info, 'requires' ),
			'tested'        => self::text( $info, 'tested' ),
			'requires_php'  => self::text( $info, 'requires_php' ),
			'last_updated'  => self::text( $info, 'last_updated' ),
			'sections'      => $sections,
			'banners'       => self::strings( $info, 'banners' ),
			'icons'         => self::strings( $info, 'icons' ),
			'download_link' => $this->package( $info ),
			'external'      => true,
		);
	}

	/**
	 * Under "There is a new version … Automatic update is unavailable for this plugin.": why, and
	 * the way out (enter a key, free a site, renew).
	 *
	 * @param array  $plugin_data The plugin's headers.
	 * @param object $response    Its update item.
	 */
	public function update_message( $plugin_data, $response ) {
		if ( ! is_object( $response ) || ! empty( $response->package ) ) {
			return;
		}
		$info    = $this->info();
		$verdict = $info && isset( $info['license'] ) && is_array( $info['license'] ) ? $info['license'] : array();
		$code    = isset( $verdict['code'] ) ? $verdict['code'] : 'NO_KEY';
		$link    = null;
		if ( 'MAX_ACTIVATIONS_EXCEEDED' === $code && ! empty( $verdict['manage_url'] ) ) {
			$link = array( $verdict['manage_url'], __( 'Manage your sites', 'cp-store-sdk' ) );
		} elseif ( 'EXPIRED' === $code && ! empty( $verdict['renew_url'] ) ) {
			$link = array( $verdict['renew_url'], __( 'Renew your license', 'cp-store-sdk' ) );
		}
		$text = 'NO_KEY' === $code
			? __( 'Enter your license key to enable updates.', 'cp-store-sdk' )
			/* translators: %s: the store's reason, such as "License has expired" */
			: sprintf( __( 'Updates need a valid license: %s.', 'cp-store-sdk' ), isset( $verdict['message'] ) ? (string) $verdict['message'] : $code );
		echo ' <span class="cp-store-update-license">' . esc_html( $text );
		if ( $link ) {
			printf( ' <a href="%s" target="_blank" rel="noopener noreferrer">%s</a>', esc_url( $link[0] ), esc_html( $link[1] ) );
		}
		echo '</span>';
	}

	/**
	 * After the key changed: WordPress asks again on the next admin page, with the new key.
	 */
	public function refresh_wordpress_updates() {
		delete_option( $this->cache_option() );
		delete_site_transient( 'theme' === $this->license->config( 'type' ) ? 'update_themes' : 'update_plugins' );
	}

	/**
	 * The store's verified answer for this key, site, version and channel: cached for 12 hours
	 * ("Check again" on the Updates screen asks at once); when the store cannot be asked, the last
	 * good answer, if any.
	 *
	 * @return array|null
	 */
	public function info() {
		$key     = $this->license->key();
		$binding = hash( 'sha256', implode( "\n", array( $key, $this->license->site(), $this->license->config( 'product' ), $this->license->installed_version(), $this->license->config( 'channel' ) ) ) );
		$cache   = get_option( $this->cache_option(), array() );
		$cached  = is_array( $cache ) && isset( $cache['binding'], $cache['at'] ) && hash_equals( $cache['binding'], $binding ) ? $cache : null;
		$force   = isset( $_GET['force-check'] ) && is_admin(); // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- WordPress's own "Check again".
		if ( $cached && ! $force && time() - (int) $cached['at'] < ( null === $cached['info'] ? self::RETRY_SECONDS : self::CACHE_SECONDS ) ) {
			return $cached['info'];
		}
		$result = $this->license->client()->update_check(
			array(
				'license_key'          => $key,
				'domain'               => $this->license->site(),
				'installed_version'    => $this->license->installed_version(),
				'php'                  => PHP_VERSION,
				'locale'               => get_locale(),
				'channel'              => $this->license->config( 'channel' ),
				'checking_for_updates' => '1',
			)
		);
		$info = $result['ok'] ? $result['answer'] : ( $cached ? $cached['info'] : null );
		update_option(
			$this->cache_option(),
			array(
				'binding' => $binding,
				'at'      => time(),
				'info'    => $info,
			),
			false
		);
		return $info;
	}

	/**
	 * The download link, only when it points at the store.
	 *
	 * @param array $info The verified answer.
	 * @return string
	 */
	private function package( array $info ): string {
		$url  = self::text( $info, 'download_url' );
		$base = $this->license->client()->store_url() . '/';
		return '' !== $url && 0 === strpos( $url, $base ) ? $url : '';
	}

	/**
	 * The plugin's folder name (the slug WordPress's "View details" asks about).
	 *
	 * @return string
	 */
	private function plugin_slug(): string {
		$basename = $this->license->plugin_basename();
		$folder   = dirname( $basename );
		return '.' === $folder ? basename( $basename, '.php' ) : $folder;
	}

	/**
	 * The option the update answer is cached in (not autoloaded: only update screens read it).
	 *
	 * @return string
	 */
	private function cache_option(): string {
		return 'cp_store_update_' . preg_replace( '/[^a-z0-9_]/', '_', (string) $this->license->config( 'product' ) );
	}

	/**
	 * Puts the item under `response` when the store's version is newer than the installed one, else
	 * under `no_update` (so the auto-update toggle and "View details" work), and out of the other.
	 *
	 * @param object       $transient WordPress's update data.
	 * @param string       $id        The plugin's basename or the theme's stylesheet.
	 * @param object|array $item      The update item.
	 * @param string       $offered   The store's version.
	 * @param string       $installed The installed version.
	 */
	private static function place( $transient, string $id, $item, string $offered, string $installed ) {
		$response  = isset( $transient->response ) && is_array( $transient->response ) ? $transient->response : array();
		$no_update = isset( $transient->no_update ) && is_array( $transient->no_update ) ? $transient->no_update : array();
		unset( $response[ $id ], $no_update[ $id ] );
		if ( version_compare( $offered, $installed, '>' ) ) {
			$response[ $id ] = $item;
		} else {
			$no_update[ $id ] = $item;
		}
		$transient->response  = $response;
		$transient->no_update = $no_update;
	}

	/**
	 * A string field of the answer, '' when absent or not a string.
	 *
	 * @param array  $info  The answer.
	 * @param string $field The field.
	 * @return string
	 */
	private static function text( array $info, string $field ): string {
		return isset( $info[ $field ] ) && is_string( $info[ $field ] ) ? $info[ $field ] : '';
	}

	/**
	 * A map of strings from the answer (icons, banners, sections), other values dropped.
	 *
	 * @param array  $info  The answer.
	 * @param string $field The field.
	 * @return array<string, string>
	 */
	private static function strings( array $info, string $field ): array {
		$map = isset( $info[ $field ] ) && is_array( $info[ $field ] ) ? $info[ $field ] : array();
		return array_filter(
			$map,
			static function ( $value, $key ) {
				return is_string( $value ) && is_string( $key );
			},
			ARRAY_FILTER_USE_BOTH
		);
	}
}
