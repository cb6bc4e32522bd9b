CREATE TABLE `dead_letters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`job` text NOT NULL,
	`failed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dead_letters_failed_idx` ON `dead_letters` (`failed_at`);--> statement-breakpoint
CREATE TABLE `pending_notifications` (
	`subscription_id` integer NOT NULL,
	`comment_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`subscription_id`, `comment_id`),
	FOREIGN KEY (`subscription_id`) REFERENCES `subscriptions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `pending_notifications_comment_idx` ON `pending_notifications` (`comment_id`);--> statement-breakpoint
CREATE TABLE `subscriber_addresses` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email_hash` text NOT NULL,
	`email_encrypted` text NOT NULL,
	`created_at` integer NOT NULL,
	`confirmed_at` integer,
	`confirmation_sent_at` integer,
	`confirmation_client` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subscriber_addresses_email_hash_unique` ON `subscriber_addresses` (`email_hash`);--> statement-breakpoint
CREATE INDEX `subscriber_addresses_client_idx` ON `subscriber_addresses` (`confirmation_client`,`confirmation_sent_at`);--> statement-breakpoint
CREATE INDEX `subscriber_addresses_unconfirmed_idx` ON `subscriber_addresses` (`confirmed_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `subscriptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`address_id` integer NOT NULL,
	`article_id` integer NOT NULL,
	`kind` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_sent_at` integer,
	`delivery_due_at` integer,
	FOREIGN KEY (`address_id`) REFERENCES `subscriber_addresses`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subscriptions_address_article_idx` ON `subscriptions` (`address_id`,`article_id`);--> statement-breakpoint
CREATE INDEX `subscriptions_article_idx` ON `subscriptions` (`article_id`);--> statement-breakpoint
CREATE TABLE `used_links` (
	`nonce` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `used_links_expires_idx` ON `used_links` (`expires_at`);