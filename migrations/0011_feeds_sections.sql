CREATE TABLE `article_terms` (
	`article_id` integer NOT NULL,
	`term_id` integer NOT NULL,
	PRIMARY KEY(`article_id`, `term_id`),
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`term_id`) REFERENCES `terms`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `article_terms_term_idx` ON `article_terms` (`term_id`,`article_id`);--> statement-breakpoint
CREATE TABLE `terms` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`taxonomy` text NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `terms_taxonomy_slug_unique` ON `terms` (`taxonomy`,`slug`);--> statement-breakpoint
CREATE TABLE `websub_subscriptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic` text NOT NULL,
	`callback` text NOT NULL,
	`callback_host` text NOT NULL,
	`secret` text,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `websub_topic_callback_unique` ON `websub_subscriptions` (`topic`,`callback`);--> statement-breakpoint
CREATE INDEX `websub_host_idx` ON `websub_subscriptions` (`callback_host`,`expires_at`);--> statement-breakpoint
CREATE INDEX `websub_expires_idx` ON `websub_subscriptions` (`expires_at`);--> statement-breakpoint
ALTER TABLE `articles` ADD `terms_json` text DEFAULT '[]' NOT NULL;