<?php
/**
 * The only template: the site's name, its posts, and a line that shows whether the license is active.
 *
 * @package CP_Store_Example_Theme
 */

defined( 'ABSPATH' ) || exit;
?><!DOCTYPE html>
<html <?php language_attributes(); ?>>
<head>
<meta charset="<?php bloginfo( 'charset' ); ?>">
<?php wp_head(); ?>
</head>
<body <?php body_class(); ?>>
<?php wp_body_open(); ?>
<h1><?php bloginfo( 'name' ); ?></h1>
<?php
while ( have_posts() ) {
	the_post();
	the_title( '<h2>', '</h2>' );
	the_content();
}
?>
<footer class="<?php echo cp_example_theme_license()->is_valid() ? 'cp-store-theme-licensed' : 'cp-store-theme-unlicensed'; ?>">
	<?php echo cp_example_theme_license()->is_valid() ? esc_html__( 'Licensed theme.', 'cp-store-example-theme' ) : esc_html__( 'Theme license not active.', 'cp-store-example-theme' ); ?>
</footer>
<?php wp_footer(); ?>
</body>
</html>
