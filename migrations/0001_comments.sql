CREATE TABLE `comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`guid` text NOT NULL,
	`article_id` integer NOT NULL,
	`parent_id` integer,
	`root_id` integer,
	`depth` integer DEFAULT 1 NOT NULL,
	`author` text NOT NULL,
	`email_encrypted` text NOT NULL,
	`email_hash` text NOT NULL,
	`ip_hash` text,
	`url` text,
	`body` text NOT NULL,
	`body_html` text NOT NULL,
	`body_hash` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`parent_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `comments_guid_unique` ON `comments` (`guid`);--> statement-breakpoint
CREATE INDEX `comments_article_status_id_idx` ON `comments` (`article_id`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `comments_top_level_idx` ON `comments` (`article_id`,`status`,`depth`,`id`);--> statement-breakpoint
CREATE INDEX `comments_root_idx` ON `comments` (`root_id`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `comments_status_id_idx` ON `comments` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `comments_email_hash_idx` ON `comments` (`email_hash`,`status`);--> statement-breakpoint
CREATE INDEX `comments_email_created_idx` ON `comments` (`email_hash`,`created_at`);--> statement-breakpoint
CREATE INDEX `comments_ip_created_idx` ON `comments` (`ip_hash`,`created_at`);--> statement-breakpoint
CREATE INDEX `comments_created_idx` ON `comments` (`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `comments_duplicate_idx` ON `comments` (`article_id`,`email_hash`,`body_hash`) WHERE status != 'trash';--> statement-breakpoint
ALTER TABLE `articles` ADD `comment_count` integer DEFAULT 0 NOT NULL;