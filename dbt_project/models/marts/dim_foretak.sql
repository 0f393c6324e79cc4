-- One row per foretak (organisation number), merged from every place one appears.
with

mentions as (

    select * from {{ ref('int_foretak_mentions') }}

),

merged as (

    select
        orgnr,
        arg_min(foretak_name, source_rank) filter (where foretak_name is not null)
            as foretak_name,
        arg_min(resh, source_rank) filter (where resh is not null) as resh,
        arg_min(region_id, source_rank) filter (where region_id is not null) as region_id,
        list_sort(list(mentioned_in)) as mentioned_in,
        bool_and(mentioned_in in ('clinical_study', 'event')) as is_orphan_reference,
        sum(mention_count) filter (where mentioned_in = 'website') as website_count,
        sum(mention_count) filter (where mentioned_in = 'procedure_adoption')
            as adopted_procedure_count,
        sum(mention_count) filter (where mentioned_in = 'clinical_study') as study_count,
        sum(mention_count) filter (where mentioned_in = 'event') as event_count

    from mentions
    group by orgnr

),

final as (

    select
        orgnr,
        foretak_name,
        resh,
        region_id,
        coalesce(website_count, 0) > 0 as has_website,
        coalesce(website_count, 0)::bigint as website_count,
        coalesce(adopted_procedure_count, 0)::bigint as adopted_procedure_count,
        coalesce(study_count, 0)::bigint as study_count,
        coalesce(event_count, 0)::bigint as event_count,
        mentioned_in,
        is_orphan_reference

    from merged

)

select * from final
