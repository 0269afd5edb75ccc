CREATE TABLE `learning_materials` (
	`knowledge_gap_id` text PRIMARY KEY NOT NULL,
	`materials` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`knowledge_gap_id`) REFERENCES `knowledge_gaps`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "learning_materials_json_check" CHECK(json_valid("learning_materials"."materials") AND json_type("learning_materials"."materials") = 'object')
);
--> statement-breakpoint
ALTER TABLE `knowledge_gaps` ADD `addressed_at` text;--> statement-breakpoint
CREATE INDEX `knowledge_gaps_addressed_at_idx` ON `knowledge_gaps` (`addressed_at`);--> statement-breakpoint
CREATE INDEX `api_call_log_model_created_at_idx` ON `api_call_log` (`model`,`created_at`,`cost_estimate`,`latency_ms`);--> statement-breakpoint
UPDATE `knowledge_gaps` SET `addressed_at` = `last_encountered_at` WHERE `addressed` = 1 AND `addressed_at` IS NULL;
