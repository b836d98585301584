-- Numeric targets (status target) of a catalog indicator for a single year, one per
-- region x indicator x metric x year: the latest report setting a target for that year wins
-- (a plan restated later supersedes the earlier one), then the plan part, then the first mention.
select * exclude (target_rank)
from (
    select
        *,
        row_number() over (
            partition by region_code, indicator_code, metric, year
            order by report_year desc, part_rank asc, char_start asc, fact_id asc
        ) as target_rank
    from {{ ref('int_indicator_facts') }}
    where status = 'target'
      and pegged_to is null  -- targets with no number (与经济增长同步) are not numeric targets
)
where target_rank = 1
