DROP INDEX `articles_status_published_idx`;--> statement-breakpoint
ALTER TABLE `articles` ADD `kind` text DEFAULT 'article' NOT NULL;--> statement-breakpoint
ALTER TABLE `articles` ADD `page_url` text;--> statement-breakpoint
CREATE INDEX `articles_kind_status_published_idx` ON `articles` (`kind`,`status`,`published_at`);