CREATE TABLE `action_log_daily` (
	`day` text NOT NULL,
	`action_type` text NOT NULL,
	`row_count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`day`, `action_type`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `api_call_log_daily` (
	`day` text NOT NULL,
	`model` text NOT NULL,
	`call_count` integer DEFAULT 0 NOT NULL,
	`failed_count` integer DEFAULT 0 NOT NULL,
	`cost_total` real DEFAULT 0 NOT NULL,
	`latency_sum` integer DEFAULT 0 NOT NULL,
	`latency_count` integer DEFAULT 0 NOT NULL,
	`input_tokens` integer DEFAULT 0 NOT NULL,
	`output_tokens` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`day`, `model`)
) WITHOUT ROWID;
--> statement-breakpoint
-- Daily summaries of the two logs (issue 20 item 8), kept by triggers so the dashboard's full-history aggregates
-- never scan the logs. `day` is the UTC day of `created_at` (ISO 8601, so its first 10 characters). The tables are
-- WITHOUT ROWID (the row lives in its primary-key tree: one tree update per logged row). With the statement journals
-- in memory (`temp_store = MEMORY`, set by openDatabase) the measured cost through the action log is ~15% (about
-- 44k -> 38k rows/s here; target > 20k, DESIGN section 8).
CREATE TRIGGER `action_log_daily_after_insert` AFTER INSERT ON `action_log` BEGIN
	INSERT INTO `action_log_daily` (`day`, `action_type`, `row_count`)
	VALUES (substr(NEW.`created_at`, 1, 10), NEW.`action_type`, 1)
	ON CONFLICT (`day`, `action_type`) DO UPDATE SET `row_count` = `row_count` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `action_log_daily_after_delete` AFTER DELETE ON `action_log` BEGIN
	UPDATE `action_log_daily` SET `row_count` = `row_count` - 1
	WHERE `day` = substr(OLD.`created_at`, 1, 10) AND `action_type` = OLD.`action_type`;
END;
--> statement-breakpoint
CREATE TRIGGER `action_log_daily_after_update` AFTER UPDATE OF `created_at`, `action_type` ON `action_log` BEGIN
	UPDATE `action_log_daily` SET `row_count` = `row_count` - 1
	WHERE `day` = substr(OLD.`created_at`, 1, 10) AND `action_type` = OLD.`action_type`;
	INSERT INTO `action_log_daily` (`day`, `action_type`, `row_count`)
	VALUES (substr(NEW.`created_at`, 1, 10), NEW.`action_type`, 1)
	ON CONFLICT (`day`, `action_type`) DO UPDATE SET `row_count` = `row_count` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `api_call_log_daily_after_insert` AFTER INSERT ON `api_call_log` BEGIN
	INSERT INTO `api_call_log_daily`
		(`day`, `model`, `call_count`, `failed_count`, `cost_total`, `latency_sum`, `latency_count`, `input_tokens`, `output_tokens`)
	VALUES (
		substr(NEW.`created_at`, 1, 10), NEW.`model`, 1, NEW.`latency_ms` < 0, NEW.`cost_estimate`,
		max(NEW.`latency_ms`, 0), NEW.`latency_ms` >= 0, NEW.`input_tokens`, NEW.`output_tokens`
	)
	ON CONFLICT (`day`, `model`) DO UPDATE SET
		`call_count` = `call_count` + 1,
		`failed_count` = `failed_count` + excluded.`failed_count`,
		`cost_total` = `cost_total` + excluded.`cost_total`,
		`latency_sum` = `latency_sum` + excluded.`latency_sum`,
		`latency_count` = `latency_count` + excluded.`latency_count`,
		`input_tokens` = `input_tokens` + excluded.`input_tokens`,
		`output_tokens` = `output_tokens` + excluded.`output_tokens`;
END;
--> statement-breakpoint
CREATE TRIGGER `api_call_log_daily_after_delete` AFTER DELETE ON `api_call_log` BEGIN
	UPDATE `api_call_log_daily` SET
		`call_count` = `call_count` - 1,
		`failed_count` = `failed_count` - (OLD.`latency_ms` < 0),
		`cost_total` = `cost_total` - OLD.`cost_estimate`,
		`latency_sum` = `latency_sum` - max(OLD.`latency_ms`, 0),
		`latency_count` = `latency_count` - (OLD.`latency_ms` >= 0),
		`input_tokens` = `input_tokens` - OLD.`input_tokens`,
		`output_tokens` = `output_tokens` - OLD.`output_tokens`
	WHERE `day` = substr(OLD.`created_at`, 1, 10) AND `model` = OLD.`model`;
END;
--> statement-breakpoint
CREATE TRIGGER `api_call_log_daily_after_update` AFTER UPDATE ON `api_call_log` BEGIN
	UPDATE `api_call_log_daily` SET
		`call_count` = `call_count` - 1,
		`failed_count` = `failed_count` - (OLD.`latency_ms` < 0),
		`cost_total` = `cost_total` - OLD.`cost_estimate`,
		`latency_sum` = `latency_sum` - max(OLD.`latency_ms`, 0),
		`latency_count` = `latency_count` - (OLD.`latency_ms` >= 0),
		`input_tokens` = `input_tokens` - OLD.`input_tokens`,
		`output_tokens` = `output_tokens` - OLD.`output_tokens`
	WHERE `day` = substr(OLD.`created_at`, 1, 10) AND `model` = OLD.`model`;
	INSERT INTO `api_call_log_daily`
		(`day`, `model`, `call_count`, `failed_count`, `cost_total`, `latency_sum`, `latency_count`, `input_tokens`, `output_tokens`)
	VALUES (
		substr(NEW.`created_at`, 1, 10), NEW.`model`, 1, NEW.`latency_ms` < 0, NEW.`cost_estimate`,
		max(NEW.`latency_ms`, 0), NEW.`latency_ms` >= 0, NEW.`input_tokens`, NEW.`output_tokens`
	)
	ON CONFLICT (`day`, `model`) DO UPDATE SET
		`call_count` = `call_count` + 1,
		`failed_count` = `failed_count` + excluded.`failed_count`,
		`cost_total` = `cost_total` + excluded.`cost_total`,
		`latency_sum` = `latency_sum` + excluded.`latency_sum`,
		`latency_count` = `latency_count` + excluded.`latency_count`,
		`input_tokens` = `input_tokens` + excluded.`input_tokens`,
		`output_tokens` = `output_tokens` + excluded.`output_tokens`;
END;
--> statement-breakpoint
INSERT INTO `action_log_daily` (`day`, `action_type`, `row_count`)
SELECT substr(`created_at`, 1, 10), `action_type`, COUNT(*) FROM `action_log` GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO `api_call_log_daily`
	(`day`, `model`, `call_count`, `failed_count`, `cost_total`, `latency_sum`, `latency_count`, `input_tokens`, `output_tokens`)
SELECT substr(`created_at`, 1, 10), `model`, COUNT(*), SUM(`latency_ms` < 0), SUM(`cost_estimate`),
	SUM(max(`latency_ms`, 0)), SUM(`latency_ms` >= 0), SUM(`input_tokens`), SUM(`output_tokens`)
FROM `api_call_log` GROUP BY 1, 2;
