-- One row per HRCS code on a clinical study: health categories (names) and research
-- activities (codes like 6.1), as the API gives them.
with

source as (

    select * from {{ source('fnsp', 'clinical_studies') }}

),

health_categories as (

    select
        source.id as study_id,
        'health_category' as hrcs_dimension,
        trim(category.value) as hrcs_value,
        category.position::integer as code_position
    from source,
        unnest(from_json(source.record->'hrcs'->'health_categories', '["varchar"]'))
            with ordinality as category(value, position)

),

research_activities as (

    select
        source.id as study_id,
        'research_activity' as hrcs_dimension,
        trim(activity.value) as hrcs_value,
        activity.position::integer as code_position
    from source,
        unnest(from_json(source.record->'hrcs'->'research_activities', '["varchar"]'))
            with ordinality as activity(value, position)

),

final as (

    select * from health_categories
    union all
    select * from research_activities

)

select * from final
