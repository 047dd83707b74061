<?php
/**
 * One product's license on this site: its configuration, the checks (on a schedule and when the key
 * is saved, never on a plain page load), what is_valid() answers, and the hooks that tie it into
 * WordPress. Nothing here runs while the plugin file loads except reading the configuration and
 * adding hooks, so it works as a normal or a must-use plugin and in a theme.
 *
 * @package CPStore\SDK
 */

namespace CPStore\SDK\v1_0_0;

defined( 'ABSPATH' ) || exit;

/**
 * The license of one product (plugin or theme) on this site.
 */
final class License {

	const VERSION = '1.0.0';

	const CODES = array( 'VALID', 'NOT_FOUND', 'REVOKED', 'EXPIRED', 'PRODUCT_MISMATCH', 'MAX_ACTIVATIONS_EXCEEDED' );

	/** @var License[] Registered products, by slug. */
	private static $registered = array();

	/** @var array The configuration, completed with defaults. */
	private $config;

	/** @var string[] What is wrong with the configuration (shown to admins; nothing is checked then). */
	private $config_errors = array();

	/** @var Store_Client|null */
	private $client;

	/** @var License_State */
	private $state;

	/** @var License_Screen|null */
	private $screen;

	/**
	 * Registers a product (once per slug: a second call returns the first license) and its hooks.
	 *
	 * @param array $config store_url, product, public_key, file; optional type ('plugin' or 'theme'),
	 *                      name, menu (array: parent, title, capability; or false), grace_days,
	 *                      channel ('stable' or 'beta'), timeout.
	 * @return License
	 */
	public static function register( array $config ): License {
		$product = isset( $config['product'] ) && is_string( $config['product'] ) ? $config['product'] : '';
		if ( isset( self::$registered[ $product ] ) ) {
			return self::$registered[ $product ];
		}
		$license = new self( $config );
		$license->add_hooks();
		self::$registered[ $product ] = $license;
		return $license;
	}

	/**
	 * @param array $config See register().
	 */
	private function __construct( array $config ) {
		$this->config = wp_parse_args(
			$config,
			array(
				'store_url'  => '',
				'product'    => '',
				'public_key' => '',
				'file'       => '',
				'type'       => '',
				'name'       => '',
				'menu'       => array(),
				'grace_days' => 7,
				'channel'    => 'stable',
				'timeout'    => 10,
			)
		);
		$this->validate_config();
		$slug        = preg_replace( '/[^a-z0-9_]/', '_', strtolower( (string) $this->config['product'] ) );
		$this->state = new License_State( 'cp_store_license_' . $slug, (string) $this->config['product'] );
		if ( empty( $this->config_errors ) ) {
			$this->client = new Store_Client(
				$this->config['store_url'],
				$this->config['product'],
				Store_Client::decode_public_keys( $this->config['public_key'] ),
				max( 1, (int) $this->config['timeout'] )
			);
		}
	}

	/**
	 * Fills config_errors and the derived type; never throws (a mistake must not take the site down).
	 */
	private function validate_config() {
		$config = &$this->config;
		$url    = is_string( $config['store_url'] ) ? wp_parse_url( $config['store_url'] ) : false;
		if ( ! is_array( $url ) || ! isset( $url['scheme'], $url['host'] ) || ! in_array( strtolower( $url['scheme'] ), array( 'http', 'https' ), true ) ) {
			$this->config_errors[] = 'store_url must be the store\'s address, such as https://store.example.com';
		}
		if ( ! is_string( $config['product'] ) || ! preg_match( '/^[a-z0-9][a-z0-9-]{0,99}$/', $config['product'] ) ) {
			$this->config_errors[] = 'product must be the product\'s slug in the store (lower-case letters, digits and dashes)';
		}
		if ( array() === Store_Client::decode_public_keys( $config['public_key'] ) ) {
			$this->config_errors[] = 'public_key must be the store\'s public signing key (base64, 32 bytes), from /api/v1/licenses/signing-key';
		}
		if ( ! is_string( $config['file'] ) || '' === $config['file'] ) {
			$this->config_errors[] = 'file must be the plugin\'s main file (__FILE__) or the theme\'s functions.php';
		}
		if ( ! in_array( $config['type'], array( 'plugin', 'theme' ), true ) ) {
			$config['type'] = is_string( $config['file'] ) && 'functions.php' === basename( $config['file'] )
				&& 0 === strpos( wp_normalize_path( $config['file'] ), wp_normalize_path( get_theme_root() ) . '/' ) ? 'theme' : 'plugin';
		}
		// Checks run every 12 hours: an answer must outlive at least one missed check.
		$config['grace_days'] = max( 1, (int) $config['grace_days'] );
		$config['channel']    = 'beta' === $config['channel'] ? 'beta' : 'stable';
	}

	/**
	 * Hooks only: no option is read and no request is made while the plugin loads.
	 */
	private function add_hooks() {
		add_action( 'admin_notices', array( $this, 'config_notice' ) );
		if ( ! empty( $this->config_errors ) ) {
			return;
		}
		add_action( $this->cron_hook(), array( $this, 'scheduled_check' ) );
		add_action( 'init', array( $this, 'schedule' ) );
		add_filter( 'http_request_host_is_external', array( $this, 'allow_store_host' ), 10, 2 );
		add_filter( 'http_allowed_safe_ports', array( $this, 'allow_store_port' ), 10, 2 );

		if ( 'plugin' === $this->config['type'] ) {
			register_activation_hook( $this->config['file'], array( $this, 'on_activation' ) );
			register_deactivation_hook( $this->config['file'], array( $this, 'on_deactivation' ) );
		} else {
			add_action( 'after_switch_theme', array( $this, 'on_activation' ) );
			add_action( 'switch_theme', array( $this, 'on_theme_switch' ), 10, 3 );
		}

		$this->screen = new License_Screen( $this );
		$this->screen->add_hooks();
		$updater = new Updater( $this );
		$updater->add_hooks();
	}

	// ---------------------------------------------------------------------------------------------
	// What the vendor's code asks.
	// ---------------------------------------------------------------------------------------------

	/**
	 * Whether premium features may run: the last signed answer about this key, site and product is
	 * VALID, the key has not expired since, and the answer is no older than the grace period (a
	 * store that cannot be reached for a while does not switch anything off). No request is made.
	 *
	 * @return bool
	 */
	public function is_valid(): bool {
		if ( ! empty( $this->config_errors ) ) {
			return false;
		}
		$answer = $this->state->answer( $this->site() );
		if ( ! $answer || 'VALID' !== $answer['code'] ) {
			return false;
		}
		if ( ! empty( $answer['expires_at'] ) && strtotime( $answer['expires_at'] ) <= time() ) {
			return false;
		}
		return time() - (int) $answer['checked_at'] <= $this->grace_seconds();
	}

	/**
	 * Prints the license section (status, key field, buttons) inside a page of the vendor's own;
	 * its form posts to admin-post.php and comes back to that page. Set 'menu' => false in the
	 * configuration to have no page of the SDK's.
	 */
	public function render() {
		if ( $this->screen ) {
			$this->screen->render();
		}
	}

	/**
	 * The address of the SDK's license page ('' when 'menu' is false).
	 *
	 * @return string
	 */
	public function screen_url(): string {
		return $this->screen && false !== $this->config['menu'] ? $this->screen->page_url() : '';
	}

	/**
	 * The key saved on this site ('' when none).
	 *
	 * @return string
	 */
	public function key(): string {
		return $this->state->key();
	}

	/**
	 * What is known now, for a license screen of the vendor's own making.
	 *
	 * @return array{key: string, masked_key: string, answer: array|null, problem: array|null, valid: bool, grace_until: int|null}
	 */
	public function status(): array {
		$site   = $this->site();
		$answer = $this->state->answer( $site );
		$valid  = $this->is_valid();
		return array(
			'key'         => $this->state->key(),
			'masked_key'  => self::mask( $this->state->key() ),
			'answer'      => $answer,
			'problem'     => $this->state->problem( $site ),
			'valid'       => $valid,
			'grace_until' => $answer && $valid ? (int) $answer['checked_at'] + $this->grace_seconds() : null,
		);
	}

	/**
	 * Asks the store now about the saved key (Verify; a new site takes a slot) and keeps a signed answer.
	 *
	 * @return array status()
	 */
	public function check(): array {
		$key = $this->state->key();
		if ( '' === $key || ! $this->client ) {
			return $this->status();
		}
		$site   = $this->site();
		$result = $this->client->verify( $key, $site );
		if ( $result['ok'] && isset( $result['answer']['code'] ) && in_array( $result['answer']['code'], self::CODES, true ) ) {
			$this->state->record_answer( $site, self::summarise( $result['answer'] ) );
		} else {
			$problem = $result['ok'] ? array( 'kind' => 'unverified', 'detail' => 'code', 'status' => 200 ) : $result['problem'];
			$this->state->record_problem( $site, $problem );
		}
		return $this->status();
	}

	/**
	 * Saves a key and checks it. The previous key, if another, gives this site's slot back first.
	 *
	 * @param string $key The key as entered.
	 * @return array status()
	 */
	public function activate( string $key ): array {
		$key      = self::clean_key( $key );
		$previous = $this->state->key();
		if ( '' !== $previous && $previous !== $key && $this->client ) {
			$this->client->deactivate( $previous, $this->site() );
		}
		if ( $previous !== $key ) {
			$this->state->set_key( $key );
			$this->key_changed();
		}
		return $this->check();
	}

	/**
	 * Gives this site's slot back and removes the key from the site. When the store cannot be reached
	 * the key stays, so the slot is not lost track of.
	 *
	 * @return array{done: bool, problem?: array}
	 */
	public function deactivate(): array {
		$key = $this->state->key();
		if ( '' === $key ) {
			return array( 'done' => true );
		}
		$result = $this->client ? $this->client->deactivate( $key, $this->site() ) : array( 'ok' => false );
		if ( ! $result['ok'] && isset( $result['problem'] ) && in_array( $result['problem']['kind'], array( 'unreachable', 'http_error', 'rate_limited' ), true ) ) {
			return array(
				'done'    => false,
				'problem' => $result['problem'],
			);
		}
		// DEACTIVATED, NOT_ACTIVATED, NOT_FOUND, REVOKED, or an answer that could not be verified:
		// either way this site stops using the key.
		$this->state->set_key( '' );
		$this->key_changed();
		return array( 'done' => true );
	}

	// ---------------------------------------------------------------------------------------------
	// Hooks.
	// ---------------------------------------------------------------------------------------------

	/**
	 * Keeps the twice-daily check scheduled.
	 */
	public function schedule() {
		if ( ! wp_next_scheduled( $this->cron_hook() ) ) {
			wp_schedule_event( time() + HOUR_IN_SECONDS, 'twicedaily', $this->cron_hook() );
		}
	}

	/**
	 * The scheduled check (WP-Cron, about every 12 hours).
	 */
	public function scheduled_check() {
		if ( '' !== $this->state->key() ) {
			$this->check();
		}
	}

	/**
	 * The plugin (or theme) was activated: a saved key is checked again, which takes the slot back.
	 */
	public function on_activation() {
		$this->schedule();
		if ( '' !== $this->state->key() ) {
			$this->check();
		}
	}

	/**
	 * The plugin was deactivated: the slot is given back and the schedule removed; the key stays
	 * saved, so activating the plugin again takes the slot back.
	 */
	public function on_deactivation() {
		wp_clear_scheduled_hook( $this->cron_hook() );
		$key = $this->state->key();
		if ( '' !== $key && $this->client ) {
			$this->client->deactivate( $key, $this->site() );
			$this->state->forget_answer();
		}
	}

	/**
	 * Another theme replaces this one.
	 *
	 * @param string    $new_name  The new theme's name.
	 * @param \WP_Theme $new_theme The new theme.
	 * @param \WP_Theme $old_theme The theme switched away from.
	 */
	public function on_theme_switch( $new_name, $new_theme, $old_theme ) {
		if ( $old_theme instanceof \WP_Theme && $old_theme->get_stylesheet() === $this->theme_stylesheet() ) {
			$this->on_deactivation();
		}
	}

	/**
	 * Lets WordPress's download_url() (wp_safe_remote_get) fetch from this store even when it is on
	 * a private address, as a store under development is; no other host is affected.
	 *
	 * @param bool   $external Whether the host is allowed so far.
	 * @param string $host     The host.
	 * @return bool
	 */
	public function allow_store_host( $external, $host ) {
		$origin = $this->client->origin();
		return $external || ( is_string( $host ) && strtolower( $host ) === $origin['host'] );
	}

	/**
	 * The store's port is a safe port for requests to the store's host.
	 *
	 * @param int[]  $ports Allowed ports.
	 * @param string $host  The host.
	 * @return int[]
	 */
	public function allow_store_port( $ports, $host ) {
		$origin = $this->client->origin();
		if ( null !== $origin['port'] && is_string( $host ) && strtolower( $host ) === $origin['host'] && is_array( $ports ) ) {
			$ports[] = $origin['port'];
		}
		return $ports;
	}

	/**
	 * Tells administrators what is wrong with the SDK's configuration (nothing else runs then).
	 */
	public function config_notice() {
		if ( empty( $this->config_errors ) || ! current_user_can( 'manage_options' ) ) {
			return;
		}
		printf(
			'<div class="notice notice-error"><p><strong>%s</strong></p><ul><li>%s</li></ul></div>',
			esc_html( sprintf( /* translators: %s: product slug */ __( 'The license client of "%s" is not set up:', 'cp-store-sdk' ), (string) $this->config['product'] ) ),
			implode( '</li><li>', array_map( 'esc_html', $this->config_errors ) )
		);
	}

	// ---------------------------------------------------------------------------------------------
	// For the screen and the updater.
	// ---------------------------------------------------------------------------------------------

	/**
	 * A configuration value.
	 *
	 * @param string $name Its name.
	 * @return mixed
	 */
	public function config( string $name ) {
		return isset( $this->config[ $name ] ) ? $this->config[ $name ] : null;
	}

	/**
	 * The store client (null when the configuration is incomplete).
	 *
	 * @return Store_Client|null
	 */
	public function client() {
		return $this->client;
	}

	/**
	 * This site as the store sees it: the home URL (the store keeps its host, without www.).
	 *
	 * @return string
	 */
	public function site(): string {
		return (string) home_url();
	}

	/**
	 * The product's name: configured, else the plugin's or theme's own header.
	 *
	 * @return string
	 */
	public function name(): string {
		if ( '' !== $this->config['name'] ) {
			return (string) $this->config['name'];
		}
		if ( 'theme' === $this->config['type'] ) {
			return (string) wp_get_theme( $this->theme_stylesheet() )->get( 'Name' );
		}
		$data = get_file_data( $this->config['file'], array( 'Name' => 'Plugin Name' ), 'plugin' );
		return '' !== $data['Name'] ? $data['Name'] : (string) $this->config['product'];
	}

	/**
	 * The installed version, from the plugin's or theme's header.
	 *
	 * @return string
	 */
	public function installed_version(): string {
		if ( 'theme' === $this->config['type'] ) {
			return (string) wp_get_theme( $this->theme_stylesheet() )->get( 'Version' );
		}
		$data = get_file_data( $this->config['file'], array( 'Version' => 'Version' ), 'plugin' );
		return (string) $data['Version'];
	}

	/**
	 * The plugin's basename (folder/file.php).
	 *
	 * @return string
	 */
	public function plugin_basename(): string {
		return plugin_basename( $this->config['file'] );
	}

	/**
	 * The theme's folder name (its stylesheet).
	 *
	 * @return string
	 */
	public function theme_stylesheet(): string {
		return basename( dirname( $this->config['file'] ) );
	}

	/**
	 * The grace period in seconds.
	 *
	 * @return int
	 */
	public function grace_seconds(): int {
		return (int) $this->config['grace_days'] * DAY_IN_SECONDS;
	}

	/**
	 * The WP-Cron hook of the scheduled check.
	 *
	 * @return string
	 */
	public function cron_hook(): string {
		return 'cp_store_license_check_' . $this->config['product'];
	}

	/**
	 * Tells the updater (and the vendor's code) that the key on this site changed.
	 */
	private function key_changed() {
		do_action( 'cp_store_license_key_changed_' . $this->config['product'], $this );
	}

	/**
	 * A key as the user typed or pasted it: spaces and line breaks removed, at most 100 characters.
	 *
	 * @param string $key The input.
	 * @return string
	 */
	public static function clean_key( string $key ): string {
		return substr( (string) preg_replace( '/\s+/', '', $key ), 0, 100 );
	}

	/**
	 * The key as screens show it: `CP-*****-…-FC51K`.
	 *
	 * @param string $key The key.
	 * @return string
	 */
	public static function mask( string $key ): string {
		if ( '' === $key ) {
			return '';
		}
		return strlen( $key ) <= 8 ? str_repeat( '*', strlen( $key ) ) : substr( $key, 0, 3 ) . '*****-…-' . substr( $key, -5 );
	}

	/**
	 * The fields of a signed Verify answer worth keeping (strings and numbers only, type-checked).
	 *
	 * @param array $answer The decoded answer.
	 * @return array
	 */
	private static function summarise( array $answer ): array {
		$license     = isset( $answer['license'] ) && is_array( $answer['license'] ) ? $answer['license'] : array();
		$activations = isset( $answer['activations'] ) && is_array( $answer['activations'] ) ? $answer['activations'] : array();
		$text        = static function ( $value ) {
			return is_string( $value ) ? substr( $value, 0, 500 ) : '';
		};
		return array(
			'code'         => (string) $answer['code'],
			'message'      => $text( isset( $answer['message'] ) ? $answer['message'] : '' ),
			'product_name' => $text( isset( $license['product']['name'] ) ? $license['product']['name'] : '' ),
			'expires_at'   => $text( isset( $license['expires_at'] ) ? $license['expires_at'] : '' ),
			'used'         => isset( $activations['used'] ) ? (int) $activations['used'] : null,
			'max'          => isset( $activations['max'] ) ? (int) $activations['max'] : null,
			'local'        => ! empty( $answer['environment']['local'] ),
			'manage_url'   => $text( isset( $answer['manage_url'] ) ? $answer['manage_url'] : '' ),
			'renew_url'    => $text( isset( $answer['renew_url'] ) ? $answer['renew_url'] : '' ),
			'checked_at'   => time(),
		);
	}
}
