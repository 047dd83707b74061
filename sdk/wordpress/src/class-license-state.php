<?php
/**
 * What the site knows about its license, in one autoloaded option: the key, the last signed answer
 * about it, and the last failed attempt. A stored answer is bound to key + site + product: it is
 * only ever read back for the same three, so a changed key, a moved or cloned site, or another
 * product never inherits it.
 *
 * @package CPStore\SDK
 */

namespace CPStore\SDK\v1_0_0;

defined( 'ABSPATH' ) || exit;

/**
 * One product's stored license state on one site.
 */
final class License_State {

	/** @var string The option's name. */
	private $option;

	/** @var string The product's slug. */
	private $product;

	/** @var array|null The option's value, read once per request. */
	private $data = null;

	/**
	 * @param string $option  The option's name.
	 * @param string $product The product's slug.
	 */
	public function __construct( string $option, string $product ) {
		$this->option  = $option;
		$this->product = $product;
	}

	/**
	 * The saved key, '' when none.
	 *
	 * @return string
	 */
	public function key(): string {
		$data = $this->read();
		return $data['key'];
	}

	/**
	 * The last signed answer about the saved key on this site, or null.
	 *
	 * @param string $site The site as checks send it.
	 * @return array|null
	 */
	public function answer( string $site ) {
		$data = $this->read();
		$key  = $data['key'];
		if ( '' === $key || ! is_array( $data['answer'] ) || ! isset( $data['answer']['binding'] ) ) {
			return null;
		}
		return hash_equals( $this->binding( $key, $site ), (string) $data['answer']['binding'] ) ? $data['answer'] : null;
	}

	/**
	 * The last failed attempt for the saved key on this site, or null.
	 *
	 * @param string $site The site.
	 * @return array|null
	 */
	public function problem( string $site ) {
		$data = $this->read();
		if ( '' === $data['key'] || ! is_array( $data['problem'] ) || ! isset( $data['problem']['binding'] ) ) {
			return null;
		}
		return hash_equals( $this->binding( $data['key'], $site ), (string) $data['problem']['binding'] ) ? $data['problem'] : null;
	}

	/**
	 * Saves a new key; whatever was known about the previous one is forgotten.
	 *
	 * @param string $key The key.
	 */
	public function set_key( string $key ) {
		$this->write(
			array(
				'key'     => $key,
				'answer'  => null,
				'problem' => null,
			)
		);
	}

	/**
	 * Records a signed answer about the saved key, and clears the last problem.
	 *
	 * @param string $site   The site the check was for.
	 * @param array  $answer The fields kept (see License::summarise()).
	 */
	public function record_answer( string $site, array $answer ) {
		$data              = $this->read();
		$answer['binding'] = $this->binding( $data['key'], $site );
		$data['answer']    = $answer;
		$data['problem']   = null;
		$this->write( $data );
	}

	/**
	 * Records a failed check; the last signed answer stays (the grace period decides what it is worth).
	 *
	 * @param string $site    The site.
	 * @param array  $problem kind, detail, status.
	 */
	public function record_problem( string $site, array $problem ) {
		$data               = $this->read();
		$problem['at']      = time();
		$problem['binding'] = $this->binding( $data['key'], $site );
		$data['problem']    = $problem;
		$this->write( $data );
	}

	/**
	 * Forgets the answer (the site's slot was given up), keeping the key.
	 */
	public function forget_answer() {
		$data            = $this->read();
		$data['answer']  = null;
		$data['problem'] = null;
		$this->write( $data );
	}

	/**
	 * Key + site + product, hashed (the option never needs them back).
	 *
	 * @param string $key  The key.
	 * @param string $site The site.
	 * @return string
	 */
	private function binding( string $key, string $site ): string {
		return hash( 'sha256', $key . "\n" . $site . "\n" . $this->product );
	}

	/**
	 * The option, normalised.
	 *
	 * @return array{key: string, answer: array|null, problem: array|null}
	 */
	private function read(): array {
		if ( null === $this->data ) {
			$stored     = get_option( $this->option, array() );
			$stored     = is_array( $stored ) ? $stored : array();
			$this->data = array(
				'key'     => isset( $stored['key'] ) && is_string( $stored['key'] ) ? $stored['key'] : '',
				'answer'  => isset( $stored['answer'] ) && is_array( $stored['answer'] ) ? $stored['answer'] : null,
				'problem' => isset( $stored['problem'] ) && is_array( $stored['problem'] ) ? $stored['problem'] : null,
			);
		}
		return $this->data;
	}

	/**
	 * Saves the option (autoloaded: is_valid() reads it on every request without a query).
	 *
	 * @param array $data The new value.
	 */
	private function write( array $data ) {
		$this->data = $data;
		update_option( $this->option, $data, true );
	}
}
