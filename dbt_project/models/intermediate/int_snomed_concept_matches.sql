-- Which SNOMED CT concept matches which, for linking procedures to studies. Today only the
-- exact code: there is no SNOMED CT release on these machines, so no hierarchy ("epilepsi"
-- does not match "fokal epilepsi"). A hierarchy table (the release's transitive closure of
-- is-a relations) plugs in here as more rows, with match_type 'descendant' or 'ancestor';
-- procedure_related_studies then links on them without other changes.
with

concepts as (

    select * from {{ ref('dim_snomed_concept') }}

),

final as (

    select
        snomed_code as procedure_snomed_code,
        snomed_code as study_snomed_code,
        'exact' as match_type

    from concepts

)

select * from final
