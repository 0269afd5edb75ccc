CREATE TABLE `team_link` (
	`id` integer PRIMARY KEY NOT NULL,
	`team_url` text NOT NULL,
	`learner_id` text NOT NULL,
	`team_name` text NOT NULL,
	`joined_at` text NOT NULL,
	CONSTRAINT "team_link_single_row" CHECK("team_link"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE `team_outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`occurred_at` text NOT NULL,
	`data` text NOT NULL,
	`created_at` text NOT NULL,
	`delivered_at` text,
	`rejected` text
);
--> statement-breakpoint
CREATE INDEX `team_outbox_pending_idx` ON `team_outbox` (`seq`) WHERE "team_outbox"."delivered_at" IS NULL AND "team_outbox"."rejected" IS NULL;