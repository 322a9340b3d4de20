-- The dataset's tags of each question (MATH500's subject and level), carried by the events since contracts' optional
-- QuestionVerdict.subject / difficultyLevel, for the accuracy breakdown of the REST paper's App. F
-- (docs/metrics.md, "MATH500 by subject and level"). Null for benchmarks without tags and for older events.
alter table question_result add column subject varchar(100);
alter table question_result add column difficulty_level integer;
