CREATE TABLE `admin_sessions` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
DROP INDEX `comments_duplicate_idx`;--> statement-breakpoint
CREATE UNIQUE INDEX `comments_duplicate_idx` ON `comments` (`article_id`,`email_hash`,`body_hash`,`ip_hash`) WHERE status != 'trash';--> statement-breakpoint
ALTER TABLE `idempotency_keys` ADD `payload_hash` text;