-- Every reported outcome (status actual or estimate) of a catalog indicator for a year, ranked
-- within region x indicator x metric x year. figure_rank = 1 is the panel's figure:
--   1. a final actual beats an estimate (status_rank);
--   2. for the same status, a later report beats an earlier one (report_year desc);
--   3. within one report, the figure in the part where results belong (review) and then the
--      first mention (char_start) wins; fact_id breaks any remaining tie deterministically.
select
    *,
    row_number() over (
        partition by region_code, indicator_code, metric, year
        order by {{ figure_order() }}
    ) as figure_rank
from {{ ref('int_indicator_facts') }}
where status in ('actual', 'estimate')
  and pegged_to is null
