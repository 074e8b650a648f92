-- processed_event is pruned by age (service.ProcessedEventRetention). Rows arrive in processed_at order, so a BRIN
-- index finds the old ones at a few pages' cost, where a B-tree would add a second index entry to every claim.
CREATE INDEX processed_event_processed_at_brin ON processed_event USING brin (processed_at);
