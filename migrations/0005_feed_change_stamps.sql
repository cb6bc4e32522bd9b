ALTER TABLE `articles` ADD `comments_changed_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `articles_updated_idx` ON `articles` (`updated_at`);--> statement-breakpoint
CREATE INDEX `articles_comments_changed_idx` ON `articles` (`comments_changed_at`);