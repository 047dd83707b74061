<?php
/**
 * Runs one piece of PHP inside a loaded WordPress, for tests/helpers/wordpress.ts.
 *
 *   php wordpress-run.php <site dir> [--admin] [--install] < function-body.php
 *
 * The code on stdin is a function body. Its return value, every PHP error seen, what it printed and
 * any fatal error come back as ONE JSON document on stdout, between two lines holding the marker
 * from CP_WP_MARKER, so whatever WordPress prints outside them cannot break the parsing.
 * CP_WP_URL is the site's URL (for $_SERVER); CP_WP_DEBUG_LOG is the file WordPress logs to, so an
 * error that also landed there is flagged `logged` and not counted twice.
 *
 * Everything runs at file scope because WordPress expects wp-load.php to be loaded there
 * (wp-settings.php relies on its variables being globals); hence the cp_run_ prefixes.
 */

$cp_run_site_dir  = rtrim( $argv[1] ?? '', '/' );
$cp_run_admin     = in_array( '--admin', $argv, true );
$cp_run_marker    = getenv( 'CP_WP_MARKER' ) ?: 'CP_WP_RUN';
$cp_run_debug_log = getenv( 'CP_WP_DEBUG_LOG' ) ?: '';
$cp_run_code      = stream_get_contents( STDIN );
$cp_run_state     = array( 'errors' => array(), 'done' => false, 'ob_level' => ob_get_level() );

if ( '' === $cp_run_site_dir || ! is_file( $cp_run_site_dir . '/wp-load.php' ) ) {
	fwrite( STDERR, "wordpress-run.php: no WordPress in '{$cp_run_site_dir}'\n" );
	exit( 2 );
}

/** PHP's own names for error levels, as its log writes them ("PHP Warning: ..."). */
function cp_run_error_label( int $errno ): string {
	$labels = array(
		E_ERROR             => 'Fatal error',
		E_WARNING           => 'Warning',
		E_PARSE             => 'Parse error',
		E_NOTICE            => 'Notice',
		E_CORE_ERROR        => 'Fatal error',
		E_CORE_WARNING      => 'Warning',
		E_COMPILE_ERROR     => 'Fatal error',
		E_COMPILE_WARNING   => 'Warning',
		E_USER_ERROR        => 'Fatal error',
		E_USER_WARNING      => 'Warning',
		E_USER_NOTICE       => 'Notice',
		E_STRICT            => 'Strict Standards',
		E_RECOVERABLE_ERROR => 'Recoverable fatal error',
		E_DEPRECATED        => 'Deprecated',
		E_USER_DEPRECATED   => 'Deprecated',
	);
	return $labels[ $errno ] ?? "Error {$errno}";
}

/** Everything printed since the runner started, from every output buffer still open. */
function cp_run_collect_output(): string {
	global $cp_run_state;
	$chunks = array();
	while ( ob_get_level() > $cp_run_state['ob_level'] ) {
		array_unshift( $chunks, (string) ob_get_clean() );
	}
	return implode( '', $chunks );
}

/** Prints the one JSON document (once) between the markers. */
function cp_run_report( bool $ok, $result, ?array $fatal ): void {
	global $cp_run_state, $cp_run_marker;
	if ( $cp_run_state['done'] ) {
		return;
	}
	$cp_run_state['done'] = true;
	$document             = array(
		'ok'     => $ok,
		'result' => $result,
		'errors' => $cp_run_state['errors'],
		'output' => cp_run_collect_output(),
		'fatal'  => $fatal,
	);
	$json = json_encode( $document, JSON_PARTIAL_OUTPUT_ON_ERROR | JSON_INVALID_UTF8_SUBSTITUTE | JSON_UNESCAPED_SLASHES );
	fwrite( STDOUT, "\n{$cp_run_marker}\n{$json}\n{$cp_run_marker}\n" );
}

function cp_run_throwable( Throwable $e ): array {
	return array(
		'kind'    => 'exception',
		'class'   => get_class( $e ),
		'message' => $e->getMessage(),
		'file'    => $e->getFile(),
		'line'    => $e->getLine(),
		'trace'   => $e->getTraceAsString(),
	);
}

// Records the error, then lets PHP (and so WordPress's WP_DEBUG_LOG) handle it as usual.
set_error_handler(
	static function ( int $errno, string $message, string $file = '', int $line = 0 ) use ( $cp_run_debug_log ): bool {
		global $cp_run_state;
		if ( ! ( error_reporting() & $errno ) ) {
			return false; // silenced with @, or below the reporting level: PHP ignores it too
		}
		$logged                    = '' !== $cp_run_debug_log && ini_get( 'log_errors' ) && ini_get( 'error_log' ) === $cp_run_debug_log;
		$cp_run_state['errors'][] = array(
			'type'    => cp_run_error_label( $errno ),
			'message' => $message,
			'file'    => $file,
			'line'    => $line,
			'logged'  => (bool) $logged,
		);
		return false;
	}
);

// A fatal error (or exit/die/wp_die) ends the script without returning: report what happened.
register_shutdown_function(
	static function (): void {
		$last  = error_get_last();
		$fatal = E_ERROR | E_PARSE | E_CORE_ERROR | E_COMPILE_ERROR | E_USER_ERROR | E_RECOVERABLE_ERROR;
		if ( null !== $last && ( $last['type'] & $fatal ) ) {
			cp_run_report(
				false,
				null,
				array(
					'kind'    => 'fatal',
					'message' => cp_run_error_label( $last['type'] ) . ': ' . $last['message'],
					'file'    => $last['file'],
					'line'    => $last['line'],
				)
			);
			return;
		}
		cp_run_report( false, null, array( 'kind' => 'exit', 'message' => 'PHP exited (exit, die or wp_die) before the code returned' ) );
	}
);

ob_start();

$cp_run_url                = parse_url( getenv( 'CP_WP_URL' ) ?: 'http://127.0.0.1/' );
$cp_run_host               = $cp_run_url['host'] ?? '127.0.0.1';
$cp_run_port               = (int) ( $cp_run_url['port'] ?? 80 );
$cp_run_script             = $cp_run_admin ? '/wp-admin/index.php' : '/index.php';
$_SERVER['HTTP_HOST']      = 80 === $cp_run_port ? $cp_run_host : "{$cp_run_host}:{$cp_run_port}";
$_SERVER['SERVER_NAME']    = $cp_run_host;
$_SERVER['SERVER_PORT']    = (string) $cp_run_port;
$_SERVER['REQUEST_URI']    = $cp_run_admin ? '/wp-admin/' : '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['HTTPS']          = 'off';
$_SERVER['REMOTE_ADDR']    = '127.0.0.1';
$_SERVER['SCRIPT_NAME']    = $cp_run_script;
$_SERVER['PHP_SELF']       = $cp_run_script;

if ( $cp_run_admin ) {
	define( 'WP_ADMIN', true );
}
if ( in_array( '--install', $argv, true ) ) {
	define( 'WP_INSTALLING', true ); // before wp_install() there is no site to load
}

try {
	require $cp_run_site_dir . '/wp-load.php';
	if ( $cp_run_admin ) {
		require_once ABSPATH . 'wp-admin/includes/admin.php';
		require_once ABSPATH . 'wp-admin/includes/class-wp-upgrader.php';
		wp_set_current_user( 1 );
	}
	$cp_run_function = eval( "return static function () {\n{$cp_run_code}\n};" );
	$cp_run_result   = $cp_run_function();
	cp_run_report( true, $cp_run_result, null );
} catch ( Throwable $cp_run_error ) {
	cp_run_report( false, null, cp_run_throwable( $cp_run_error ) );
}
