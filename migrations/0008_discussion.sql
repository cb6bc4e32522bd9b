CREATE TABLE `commenter_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`email_hash` text NOT NULL,
	`ip_hash` text,
	`author` text NOT NULL,
	`comment_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `commenter_rules_email_hash_unique` ON `commenter_rules` (`email_hash`);--> statement-breakpoint
CREATE INDEX `commenter_rules_ip_idx` ON `commenter_rules` (`ip_hash`);--> statement-breakpoint
CREATE TABLE `discussion_settings` (
	`name` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `articles` ADD `comment_status` text DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE `comments` ADD `moderation` text;