CREATE TABLE `cache_versions` (
	`tag` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `rendered_responses` (
	`key` text PRIMARY KEY NOT NULL,
	`tag` text NOT NULL,
	`version` integer NOT NULL,
	`build` text NOT NULL,
	`base_url` text NOT NULL,
	`etag` text NOT NULL,
	`last_modified` integer,
	`expires_at` integer,
	`body` text NOT NULL
);
--> statement-breakpoint
DROP INDEX `comments_top_level_idx`;--> statement-breakpoint
ALTER TABLE `comments` ADD `page` integer;--> statement-breakpoint
CREATE INDEX `comments_article_page_idx` ON `comments` (`article_id`,`status`,`page`);