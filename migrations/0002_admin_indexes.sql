CREATE INDEX `comments_article_id_idx` ON `comments` (`article_id`,`id`);--> statement-breakpoint
CREATE INDEX `comments_parent_idx` ON `comments` (`parent_id`);