-- GPQA as REST grades it (docs/grading.md, "LLM extractor"): when an LLM extractor read a slot, extracted/correct are
-- its reading and these keep the rule-based reading beside it; null otherwise (no extractor, or it failed).
alter table question_result add column rule_extracted varchar(4000);
alter table question_result add column rule_correct boolean;
