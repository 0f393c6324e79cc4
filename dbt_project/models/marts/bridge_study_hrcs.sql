-- HRCS codes per study: health categories matched to the official list case-insensitively,
-- research activities to the official codes; values the lists do not know are kept, unmatched.
with

hrcs_codes as (

    select * from {{ ref('stg_fnsp__study_hrcs_codes') }}

),

health_categories as (

    select * from {{ ref('hrcs_health_categories') }}

),

activities as (

    select * from {{ ref('hrcs_research_activities') }}

),

activity_groups as (

    select * from {{ ref('hrcs_research_activity_groups') }}

),

matched as (

    select
        hrcs_codes.study_id,
        hrcs_codes.hrcs_dimension,
        hrcs_codes.hrcs_value as api_value,
        case hrcs_codes.hrcs_dimension
            when 'health_category' then health_categories.health_category_name
            else activities.activity_code
        end as hrcs_code,
        case hrcs_codes.hrcs_dimension
            when 'health_category' then health_categories.health_category_name
            else activities.activity_name
        end as hrcs_name,
        activities.activity_group,
        activity_groups.activity_group_name,
        hrcs_codes.code_position

    from hrcs_codes
    left join health_categories
        on hrcs_codes.hrcs_dimension = 'health_category'
        and lower(hrcs_codes.hrcs_value) = lower(health_categories.health_category_name)
    left join activities
        on hrcs_codes.hrcs_dimension = 'research_activity'
        and hrcs_codes.hrcs_value = activities.activity_code
    left join activity_groups
        on activities.activity_group = activity_groups.activity_group

),

final as (

    select
        study_id || '|' || hrcs_dimension || '|' || lower(api_value) as study_hrcs_id,
        study_id,
        hrcs_dimension,
        api_value,
        hrcs_code,
        hrcs_name,
        activity_group,
        activity_group_name,
        hrcs_code is not null as is_known_code

    from matched
    qualify row_number() over (
        partition by study_id, hrcs_dimension, lower(api_value) order by code_position
    ) = 1

)

select * from final
