// A small real WordPress plugin or theme, zipped in memory, so the demo store (and the tests that
// play a vendor) have a release WordPress would install: the right folder, full headers, a
// readme.txt with a changelog, and a body that does one harmless visible thing.
import { ZipFile } from "yazl";
import { isValidVersion } from "./version";

export type DemoPackageOptions = {
  kind: "plugin" | "theme";
  packageSlug: string;
  name: string;
  version: string;
  description?: string;
  requires?: string;
  tested?: string;
  requiresPhp?: string;
};

// A fixed date keeps the zip's bytes (and so its SHA-256) the same for the same options.
const MTIME = new Date(Date.UTC(2025, 0, 1));

/** A header value on one line, unable to close the comment it sits in. */
const headerValue = (value: string) => value.replaceAll("*/", "").replace(/\s+/g, " ").trim();
/** A PHP single-quoted string literal. */
const phpString = (value: string) => `'${value.replace(/[\\']/g, "\\$&")}'`;

function pluginMainFile(o: Required<DemoPackageOptions>, prefix: string): string {
  return `<?php
/**
 * Plugin Name:       ${headerValue(o.name)}
 * Description:       ${headerValue(o.description)}
 * Version:           ${o.version}
 * Requires at least: ${headerValue(o.requires)}
 * Tested up to:      ${headerValue(o.tested)}
 * Requires PHP:      ${headerValue(o.requiresPhp)}
 * Author:            CP Store demo
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       ${o.packageSlug}
 */

defined( 'ABSPATH' ) || exit;

define( '${prefix.toUpperCase()}_VERSION', ${phpString(o.version)} );

/**
 * The [${o.packageSlug}] shortcode: a greeting that shows which version is installed.
 *
 * @return string
 */
function ${prefix}_greeting_shortcode() {
	return sprintf(
		'<p class="${o.packageSlug}-greeting">%s</p>',
		esc_html( sprintf( /* translators: 1: plugin name, 2: version */ __( 'Hello from %1$s %2$s.', '${o.packageSlug}' ), ${phpString(o.name)}, ${prefix.toUpperCase()}_VERSION ) )
	);
}
add_shortcode( '${o.packageSlug}', '${prefix}_greeting_shortcode' );
`;
}

function readme(o: Required<DemoPackageOptions>, usage: string): string {
  return `=== ${headerValue(o.name)} ===
Contributors: cpstore
Tags: demo
Requires at least: ${headerValue(o.requires)}
Tested up to: ${headerValue(o.tested)}
Requires PHP: ${headerValue(o.requiresPhp)}
Stable tag: ${o.version}
License: GPLv2 or later
License URI: https://www.gnu.org/licenses/gpl-2.0.html

${headerValue(o.description)}

== Description ==

${o.description}

${usage}

== Installation ==

1. Upload the zip in WordPress (Plugins or Appearance, then Add New, then Upload).
2. Activate it and enter your license key to receive updates.

== Changelog ==

= ${o.version} =
* Release ${o.version} of the CP Store demo.
`;
}

function themeFiles(o: Required<DemoPackageOptions>, prefix: string): Record<string, string> {
  const style = `/*
Theme Name: ${headerValue(o.name)}
Description: ${headerValue(o.description)}
Version: ${o.version}
Requires at least: ${headerValue(o.requires)}
Tested up to: ${headerValue(o.tested)}
Requires PHP: ${headerValue(o.requiresPhp)}
Author: CP Store demo
License: GNU General Public License v2 or later
License URI: https://www.gnu.org/licenses/gpl-2.0.html
Text Domain: ${o.packageSlug}
*/

body { margin: 0 auto; max-width: 42rem; padding: 2rem 1rem; font-family: system-ui, sans-serif; line-height: 1.6; }
`;
  const index = `<!doctype html>
<html <?php language_attributes(); ?>>
<head>
<meta charset="<?php bloginfo( 'charset' ); ?>">
<meta name="viewport" content="width=device-width, initial-scale=1">
<?php wp_head(); ?>
</head>
<body <?php body_class(); ?>>
<?php wp_body_open(); ?>
<main>
<?php
if ( have_posts() ) {
	while ( have_posts() ) {
		the_post();
		the_title( '<h2><a href="' . esc_url( get_permalink() ) . '">', '</a></h2>' );
		the_content();
	}
} else {
	echo '<p>' . esc_html__( 'Nothing here yet.', '${o.packageSlug}' ) . '</p>';
}
?>
</main>
<?php wp_footer(); ?>
</body>
</html>
`;
  const functions = `<?php
/**
 * ${headerValue(o.name)}: theme supports and the stylesheet.
 */

defined( 'ABSPATH' ) || exit;

add_action(
	'after_setup_theme',
	function () {
		add_theme_support( 'title-tag' );
	}
);

add_action(
	'wp_enqueue_scripts',
	function () {
		wp_enqueue_style( '${prefix}-style', get_stylesheet_uri(), array(), ${phpString(o.version)} );
	}
);
`;
  return { "style.css": style, "index.php": index, "functions.php": functions };
}

/** The zip of a demo plugin or theme whose headers carry the given name, version and requirements. */
export async function buildDemoPackage(options: DemoPackageOptions): Promise<Buffer> {
  if (!/^[A-Za-z0-9_-]+$/.test(options.packageSlug)) throw new Error(`Not a package slug: ${options.packageSlug}`);
  if (!isValidVersion(options.version)) throw new Error(`Not a version: ${options.version}`);
  const o: Required<DemoPackageOptions> = {
    ...options,
    description: options.description ?? `${options.name}, a demo ${options.kind} sold by CP Store.`,
    requires: options.requires ?? "6.0",
    tested: options.tested ?? "6.8",
    requiresPhp: options.requiresPhp ?? "7.4",
  };
  // PHP names: letters, digits and underscores, not starting with a digit.
  const prefix = o.packageSlug.replaceAll("-", "_").replace(/^(?=\d)/, "p_").toLowerCase();
  const files =
    o.kind === "plugin"
      ? {
          [`${o.packageSlug}.php`]: pluginMainFile(o, prefix),
          "readme.txt": readme(o, `Put the shortcode [${o.packageSlug}] in a post or page to see which version is installed.`),
        }
      : { ...themeFiles(o, prefix), "readme.txt": readme(o, "Activate it in Appearance, then Themes.") };

  const zip = new ZipFile();
  zip.addEmptyDirectory(`${o.packageSlug}/`, { mtime: MTIME });
  for (const [name, content] of Object.entries(files)) {
    zip.addBuffer(Buffer.from(content, "utf8"), `${o.packageSlug}/${name}`, { mtime: MTIME });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
