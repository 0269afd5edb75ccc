CREATE TABLE `kata_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`kata_id` text NOT NULL,
	`session_id` text,
	`trigger` text NOT NULL,
	`status` text NOT NULL,
	`result` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`kata_id`) REFERENCES `kata_specs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "kata_runs_trigger_check" CHECK("kata_runs"."trigger" IN ('run', 'submit')),
	CONSTRAINT "kata_runs_result_json_check" CHECK(json_valid("kata_runs"."result") AND json_type("kata_runs"."result") = 'object')
);
--> statement-breakpoint
CREATE INDEX `kata_runs_kata_id_created_at_idx` ON `kata_runs` (`kata_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `practice_challenges` (
	`id` text PRIMARY KEY NOT NULL,
	`knowledge_gap_id` text,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`topic` text,
	`content` text NOT NULL,
	`attempts` text DEFAULT '[]' NOT NULL,
	`passed_at` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`knowledge_gap_id`) REFERENCES `knowledge_gaps`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "practice_challenges_kind_check" CHECK("practice_challenges"."kind" IN ('quiz', 'explain_back')),
	CONSTRAINT "practice_challenges_content_json_check" CHECK(json_valid("practice_challenges"."content") AND json_type("practice_challenges"."content") = 'object'),
	CONSTRAINT "practice_challenges_attempts_json_check" CHECK(json_valid("practice_challenges"."attempts") AND json_type("practice_challenges"."attempts") = 'array')
);
--> statement-breakpoint
CREATE INDEX `practice_challenges_knowledge_gap_id_idx` ON `practice_challenges` (`knowledge_gap_id`);--> statement-breakpoint
CREATE INDEX `practice_challenges_created_at_idx` ON `practice_challenges` (`created_at`);--> statement-breakpoint
ALTER TABLE `kata_specs` ADD `language` text;--> statement-breakpoint
ALTER TABLE `kata_specs` ADD `tests` text;