ALTER TABLE `articles` ADD `kind` text DEFAULT 'article' NOT NULL;--> statement-breakpoint
ALTER TABLE `articles` ADD `page_url` text;--> statement-breakpoint
CREATE INDEX `articles_kind_idx` ON `articles` (`kind`);