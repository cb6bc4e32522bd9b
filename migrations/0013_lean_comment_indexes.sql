DROP INDEX `comments_root_idx`;--> statement-breakpoint
DROP INDEX `comments_email_hash_idx`;--> statement-breakpoint
DROP INDEX `comments_created_idx`;--> statement-breakpoint
DROP INDEX `comments_article_page_idx`;--> statement-breakpoint
DROP INDEX `comments_parent_idx`;--> statement-breakpoint
CREATE INDEX `comments_article_page_idx` ON `comments` (`article_id`,`status`,`page`) WHERE page IS NOT NULL;--> statement-breakpoint
CREATE INDEX `comments_parent_idx` ON `comments` (`parent_id`) WHERE parent_id IS NOT NULL;