ALTER TABLE `sessions` ADD `hint_level_chosen` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `summary` text;