ALTER TABLE `articles` ADD `wp_post_id` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `articles_wp_post_id_unique` ON `articles` (`wp_post_id`);