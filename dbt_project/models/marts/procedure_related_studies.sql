-- Procedures and the clinical studies that concern them, one row per procedure, study and
-- foretak taking part in the study: "which recruiting studies concern the examination I am
-- about to have, near me?"
--
-- The link rule: a procedure and a study are linked when they share at least one clinical
-- concept, a SNOMED CT code that both of them type as `diagnose` or `prosedyre`. Target group
-- (`malgruppe`, e.g. "Barn") and body structure (`kroppsstruktur`) codes are shared by many
-- unrelated procedures and studies: they rank a link and say whether the study's target
-- group fits, but never make a link on their own.
with

procedure_codes as (

    select * from {{ ref('bridge_procedure_snomed') }}

),

study_codes as (

    select * from {{ ref('bridge_study_snomed') }}

),

concept_matches as (

    select * from {{ ref('int_snomed_concept_matches') }}

),

concepts as (

    select * from {{ ref('dim_snomed_concept') }}

),

procedures as (

    select * from {{ ref('dim_procedure') }}

),

studies as (

    select * from {{ ref('dim_clinical_study') }}

),

study_foretak as (

    select * from {{ ref('bridge_study_foretak') }}

),

foretak as (

    select * from {{ ref('dim_foretak') }}

),

offerings as (

    select * from {{ ref('fct_procedure_offering') }}

),

-- every code a procedure and a study have in common, typed as each of them types it
shared_codes as (

    select
        procedure_codes.procedure_id,
        study_codes.study_id,
        procedure_codes.snomed_code,
        procedure_codes.snomed_type as procedure_snomed_type,
        study_codes.snomed_type as study_snomed_type,
        concept_matches.match_type,
        procedure_codes.snomed_type in ('diagnose', 'prosedyre')
            and study_codes.snomed_type in ('diagnose', 'prosedyre') as is_clinical

    from procedure_codes
    inner join concept_matches on procedure_codes.snomed_code = concept_matches.procedure_snomed_code
    inner join study_codes on concept_matches.study_snomed_code = study_codes.snomed_code

),

target_group_codes as (

    select 'procedure' as side, procedure_id as item_id, snomed_code
    from procedure_codes
    where snomed_type = 'malgruppe'
    union all
    select 'study', study_id, snomed_code
    from study_codes
    where snomed_type = 'malgruppe'

),

target_groups as (

    select
        target_group_codes.side,
        target_group_codes.item_id,
        list_sort(list(target_group_codes.snomed_code)) as codes,
        list_sort(list(coalesce(concepts.snomed_term, target_group_codes.snomed_code))) as terms

    from target_group_codes
    left join concepts on target_group_codes.snomed_code = concepts.snomed_code
    group by target_group_codes.side, target_group_codes.item_id

),

links as (

    select
        shared_codes.procedure_id,
        shared_codes.study_id,
        list_sort(list(shared_codes.snomed_code)) as shared_snomed_codes,
        list(struct_pack(
            snomed_code := shared_codes.snomed_code,
            snomed_term := concepts.snomed_term,
            procedure_snomed_type := shared_codes.procedure_snomed_type,
            study_snomed_type := shared_codes.study_snomed_type,
            match_type := shared_codes.match_type
        ) order by shared_codes.snomed_code) as link_basis,
        bool_or(shared_codes.procedure_snomed_type = 'prosedyre'
            and shared_codes.study_snomed_type = 'prosedyre') as shares_procedure_code,
        bool_or(shared_codes.procedure_snomed_type = 'malgruppe'
            and shared_codes.study_snomed_type = 'malgruppe') as shares_target_group

    from shared_codes
    left join concepts on shared_codes.snomed_code = concepts.snomed_code
    group by shared_codes.procedure_id, shared_codes.study_id
    having bool_or(shared_codes.is_clinical)

),

ranked as (

    select
        links.*,
        case when shares_procedure_code then 'procedure' else 'diagnosis' end
            || case when shares_target_group then '+target_group' else '' end as match_strength,
        case
            when shares_procedure_code and shares_target_group then 1
            when shares_procedure_code then 2
            when shares_target_group then 3
            else 4
        end as match_rank,
        procedure_groups.terms as procedure_target_groups,
        study_groups.terms as study_target_groups,
        -- null: one side states no target group, so nothing says it does not fit
        case
            when procedure_groups.codes is null or study_groups.codes is null then null
            else len(list_intersect(procedure_groups.codes, study_groups.codes)) > 0
        end as target_group_fits

    from links
    left join target_groups as procedure_groups
        on procedure_groups.side = 'procedure' and links.procedure_id = procedure_groups.item_id
    left join target_groups as study_groups
        on study_groups.side = 'study' and links.study_id = study_groups.item_id

),

final as (

    select
        ranked.procedure_id || '|' || ranked.study_id || '|'
            || coalesce(study_foretak.orgnr, '') as procedure_study_foretak_id,
        ranked.procedure_id,
        procedures.procedure_title,
        ranked.study_id,
        studies.study_title,
        studies.study_status,
        studies.is_recruiting,
        ranked.shared_snomed_codes,
        ranked.link_basis,
        ranked.match_strength,
        ranked.match_rank,
        ranked.procedure_target_groups,
        ranked.study_target_groups,
        ranked.target_group_fits,
        study_foretak.orgnr,
        coalesce(foretak.foretak_name, study_foretak.foretak_name) as foretak_name,
        foretak.region_id,
        study_foretak.study_role,
        coalesce(offerings.is_offered, false) as is_procedure_offered_by_foretak

    from ranked
    inner join procedures on ranked.procedure_id = procedures.procedure_id
    inner join studies on ranked.study_id = studies.study_id
    left join study_foretak on ranked.study_id = study_foretak.study_id
    left join foretak on study_foretak.orgnr = foretak.orgnr
    left join offerings
        on ranked.procedure_id = offerings.procedure_id
        and study_foretak.orgnr = offerings.orgnr

)

select * from final
