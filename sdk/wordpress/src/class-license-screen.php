<?php
/**
 * The license screen: a page under Settings (or Appearance for a theme), or a section the vendor
 * prints in a page of its own with License::render(). Its form posts to admin-post.php, so it works
 * wherever it is printed; every action checks the capability and the nonce first.
 *
 * @package CPStore\SDK
 */

namespace CPStore\SDK\v1_0_0;

defined( 'ABSPATH' ) || exit;

/**
 * The admin side of one product's license.
 */
final class License_Screen {

	/** @var License */
	private $license;

	/**
	 * @param License $license The product's license.
	 */
	public function __construct( License $license ) {
		$this->license = $license;
	}

	/**
	 * Adds the menu page, the form handler, the Plugins screen link and notice.
	 */
	public function add_hooks() {
		add_action( 'admin_post_' . $this->action(), array( $this, 'handle' ) );
		if ( false !== $this->license->config( 'menu' ) ) {
			add_action( 'admin_menu', array( $this, 'add_page' ) );
			if ( 'plugin' === $this->license->config( 'type' ) ) {
				add_filter( 'plugin_action_links_' . $this->license->plugin_basename(), array( $this, 'action_links' ) );
			}
		}
		add_action( 'admin_notices', array( $this, 'plugins_screen_notice' ) );
	}

	/**
	 * Settings → "{Product} License" (Appearance for a theme), or under the configured parent.
	 */
	public function add_page() {
		$menu = $this->menu();
		add_submenu_page( $menu['parent'], $menu['title'], $menu['title'], $menu['capability'], $this->page_slug(), array( $this, 'render_page' ) );
	}

	/**
	 * The page: a heading and the section.
	 */
	public function render_page() {
		echo '<div class="wrap"><h1>' . esc_html( $this->menu()['title'] ) . '</h1>';
		$this->render();
		echo '</div>';
	}

	/**
	 * The section: the notice of the last action, the status, and the form.
	 */
	public function render() {
		if ( ! current_user_can( $this->menu()['capability'] ) ) {
			return;
		}
		$status = $this->license->status();
		$this->render_action_notice();
		$this->render_status( $status );
		$has_key = '' !== $status['key'];
		?>
		<form method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>" class="cp-store-license-form">
			<input type="hidden" name="action" value="<?php echo esc_attr( $this->action() ); ?>" />
			<?php wp_nonce_field( $this->action() ); ?>
			<table class="form-table" role="presentation">
				<tr>
					<th scope="row"><label for="<?php echo esc_attr( $this->action() ); ?>_key"><?php esc_html_e( 'License key', 'cp-store-sdk' ); ?></label></th>
					<td>
						<input type="text" class="regular-text code" autocomplete="off" spellcheck="false"
							id="<?php echo esc_attr( $this->action() ); ?>_key" name="license_key" value=""
							placeholder="<?php echo esc_attr( $has_key ? $status['masked_key'] : 'CP-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX' ); ?>" />
						<p class="description">
							<?php
							echo $has_key
								? esc_html__( 'Enter another key to replace the one above; this site gives its slot back first.', 'cp-store-sdk' )
								: esc_html__( 'The key from your purchase receipt, or from Account → Licenses in the store.', 'cp-store-sdk' );
							?>
						</p>
					</td>
				</tr>
			</table>
			<p class="submit">
				<button type="submit" class="button button-primary" name="operation" value="activate"><?php echo $has_key ? esc_html__( 'Replace key', 'cp-store-sdk' ) : esc_html__( 'Activate', 'cp-store-sdk' ); ?></button>
				<?php if ( $has_key ) : ?>
					<button type="submit" class="button" name="operation" value="check"><?php esc_html_e( 'Check again', 'cp-store-sdk' ); ?></button>
					<button type="submit" class="button" name="operation" value="deactivate"><?php esc_html_e( 'Deactivate on this site', 'cp-store-sdk' ); ?></button>
				<?php endif; ?>
			</p>
		</form>
		<?php
	}

	/**
	 * The form's handler (admin-post.php): capability and nonce first, then the operation, then back
	 * to the page it came from with a notice (post/redirect/get).
	 */
	public function handle() {
		if ( ! current_user_can( $this->menu()['capability'] ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage this license.', 'cp-store-sdk' ), 403 );
		}
		check_admin_referer( $this->action() );
		$operation = isset( $_POST['operation'] ) ? sanitize_key( wp_unslash( $_POST['operation'] ) ) : '';
		$notice    = 'unknown';
		if ( 'activate' === $operation ) {
			$key    = isset( $_POST['license_key'] ) ? License::clean_key( (string) wp_unslash( $_POST['license_key'] ) ) : ''; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- a key: only whitespace is removed.
			$notice = 'empty_key';
			if ( '' !== $key ) {
				$this->license->activate( $key );
				$notice = 'checked';
			}
		} elseif ( 'check' === $operation ) {
			$this->license->check();
			$notice = 'checked';
		} elseif ( 'deactivate' === $operation ) {
			$result = $this->license->deactivate();
			$notice = $result['done'] ? 'deactivated' : 'deactivate_failed';
		}
		$back = wp_get_referer();
		$back = $back ? $back : $this->page_url();
		wp_safe_redirect( add_query_arg( $this->notice_arg(), $notice, remove_query_arg( $this->notice_arg(), $back ) ) );
		exit;
	}

	/**
	 * A "License" link beside Deactivate on the Plugins screen.
	 *
	 * @param string[] $links The row's links.
	 * @return string[]
	 */
	public function action_links( $links ) {
		$link = sprintf( '<a href="%s">%s</a>', esc_url( $this->page_url() ), esc_html__( 'License', 'cp-store-sdk' ) );
		return array_merge( array( 'license' => $link ), (array) $links );
	}

	/**
	 * On the Plugins (or Themes) screen only: a reminder while the product has no valid license.
	 */
	public function plugins_screen_notice() {
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		$where  = 'theme' === $this->license->config( 'type' ) ? 'themes' : 'plugins';
		if ( ! $screen || $where !== $screen->id || ! current_user_can( $this->menu()['capability'] ) || $this->license->is_valid() ) {
			return;
		}
		$status  = $this->license->status();
		$message = '' === $status['key']
			/* translators: %s: product name */
			? sprintf( __( 'Enter your %s license key to get updates.', 'cp-store-sdk' ), $this->license->name() )
			/* translators: %s: product name */
			: sprintf( __( 'Your %s license needs attention.', 'cp-store-sdk' ), $this->license->name() );
		printf(
			'<div class="notice notice-warning"><p>%s <a href="%s">%s</a></p></div>',
			esc_html( $message ),
			esc_url( $this->page_url() ),
			esc_html__( 'Open the license screen', 'cp-store-sdk' )
		);
	}

	/**
	 * The license screen's address.
	 *
	 * @return string
	 */
	public function page_url(): string {
		$parent = $this->menu()['parent'];
		$base   = '.php' === substr( $parent, -4 ) ? $parent : 'admin.php';
		return add_query_arg( 'page', $this->page_slug(), admin_url( $base ) );
	}

	/**
	 * The status box: what the last signed answer says, and what went wrong since.
	 *
	 * @param array $status License::status().
	 */
	private function render_status( array $status ) {
		$view = Status_View::of( $status, $this->license );
		printf( '<div class="notice notice-%s inline cp-store-license-status" data-code="%s">', esc_attr( $view['level'] ), esc_attr( $view['code'] ) );
		foreach ( $view['lines'] as $line ) {
			echo '<p>' . esc_html( $line ) . '</p>';
		}
		if ( $view['link'] ) {
			printf( '<p><a class="button" href="%s" target="_blank" rel="noopener noreferrer">%s</a></p>', esc_url( $view['link']['url'] ), esc_html( $view['link']['text'] ) );
		}
		echo '</div>';
		if ( '' !== $status['key'] ) {
			printf( '<p>%s <code>%s</code></p>', esc_html__( 'Key on this site:', 'cp-store-sdk' ), esc_html( $status['masked_key'] ) );
		}
	}

	/**
	 * What the last action did, where the status box does not already say it.
	 */
	private function render_action_notice() {
		$notice = isset( $_GET[ $this->notice_arg() ] ) ? sanitize_key( wp_unslash( $_GET[ $this->notice_arg() ] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- display only.
		$texts  = array(
			'empty_key'         => array( 'error', __( 'Enter a license key.', 'cp-store-sdk' ) ),
			'deactivated'       => array( 'success', __( 'The license was deactivated on this site and its slot is free.', 'cp-store-sdk' ) ),
			'deactivate_failed' => array( 'error', __( 'Could not reach the license store, so the license is still active on this site. Try again later.', 'cp-store-sdk' ) ),
		);
		if ( isset( $texts[ $notice ] ) ) {
			printf( '<div class="notice notice-%s inline"><p>%s</p></div>', esc_attr( $texts[ $notice ][0] ), esc_html( $texts[ $notice ][1] ) );
		}
	}

	/**
	 * The menu entry, completed with defaults.
	 *
	 * @return array{parent: string, title: string, capability: string}
	 */
	private function menu(): array {
		$menu = $this->license->config( 'menu' );
		$menu = is_array( $menu ) ? $menu : array();
		return array(
			'parent'     => isset( $menu['parent'] ) ? (string) $menu['parent'] : ( 'theme' === $this->license->config( 'type' ) ? 'themes.php' : 'options-general.php' ),
			/* translators: %s: product name */
			'title'      => isset( $menu['title'] ) ? (string) $menu['title'] : sprintf( __( '%s License', 'cp-store-sdk' ), $this->license->name() ),
			'capability' => isset( $menu['capability'] ) ? (string) $menu['capability'] : 'manage_options',
		);
	}

	/**
	 * The page's slug.
	 *
	 * @return string
	 */
	private function page_slug(): string {
		return $this->license->config( 'product' ) . '-license';
	}

	/**
	 * The admin-post action (and the nonce's action).
	 *
	 * @return string
	 */
	private function action(): string {
		return 'cp_store_license_' . str_replace( '-', '_', $this->license->config( 'product' ) );
	}

	/**
	 * The query argument that carries the last action's notice.
	 *
	 * @return string
	 */
	private function notice_arg(): string {
		return $this->action() . '_notice';
	}
}
