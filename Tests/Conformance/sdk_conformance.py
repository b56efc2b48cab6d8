#!/usr/bin/env python3
"""Checks the Sluice provider emulator against the official Python SDKs as real clients.

Usage: sdk_conformance.py BASE_URL API_KEY

BASE_URL is the emulator's root (http://127.0.0.1:PORT); the emulator must accept API_KEY and
refuse other keys. Every response is parsed by the SDK and, where the SDK builds its objects
without validation (anthropic, openai), re-validated strictly against the SDK's own pydantic types
from the raw JSON, so a missing required field or a wrong type fails the run. Errors must raise the
SDKs' typed exceptions. Exits non-zero with a list of what failed.
"""

import io
import json
import sys
import time
import traceback

import anthropic
import httpx2 as httpx
import openai
from anthropic.types import Message, MessageTokensCount
from anthropic.types.messages import DeletedMessageBatch, MessageBatch, MessageBatchIndividualResponse
from google import genai
from google.genai import errors as genai_errors
from google.genai import types as genai_types
from openai.types import Batch, CreateEmbeddingResponse, FileDeleted, FileObject
from openai.types.chat import ChatCompletion

BASE = sys.argv[1].rstrip("/")
KEY = sys.argv[2]
FAILURES = []
PASSED = []


def check(name):
    def wrap(fn):
        started = time.monotonic()
        try:
            fn()
            PASSED.append(name)
            print(f"ok    {name} ({time.monotonic() - started:.2f}s)", flush=True)
        except Exception as error:  # noqa: BLE001 - report every failure, keep going
            FAILURES.append((name, error))
            print(f"FAIL  {name}: {type(error).__name__}: {error}", flush=True)
            traceback.print_exc()
        return fn

    return wrap


def require(condition, message):
    if not condition:
        raise AssertionError(message)


def strict(model, data):
    """Validates raw JSON against an SDK type: required fields present, types right."""
    return model.model_validate(data, strict=False)


def expect_raises(exception_type, fn, status=None):
    try:
        fn()
    except exception_type as error:
        if status is not None:
            code = getattr(error, "status_code", None) or getattr(error, "code", None)
            require(code == status, f"expected HTTP {status}, got {code}")
        return error
    raise AssertionError(f"expected {exception_type.__name__}")


def set_faults(faults):
    response = httpx.post(f"{BASE}/_emulator/faults", json=faults, timeout=10)
    require(response.status_code == 200, f"setting faults failed: {response.text}")


def filler(words):
    vocabulary = ["the", "data", "rule", "form", "case", "note", "term", "item", "with", "from"]
    return " ".join(vocabulary[(i * 7) % len(vocabulary)] for i in range(words)) + "."


SHARED = "Domain definitions and worked examples. " + filler(2400)

# ---------------------------------------------------------------------------------------------
# Anthropic
# ---------------------------------------------------------------------------------------------

claude = anthropic.Anthropic(base_url=BASE, api_key=KEY, max_retries=0)
MODEL = "claude-sonnet-4-5"


def claude_params(custom, ttl="1h", max_tokens=48, model=MODEL):
    return {
        "model": model,
        "max_tokens": max_tokens,
        "system": [{"type": "text", "text": SHARED, "cache_control": {"type": "ephemeral", "ttl": ttl}}],
        "messages": [{"role": "user", "content": f"Classify document {custom}."}],
    }


def wait_ended(batch_id, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        raw = claude.messages.batches.with_raw_response.retrieve(batch_id)
        batch = strict(MessageBatch, raw.http_response.json())
        if batch.processing_status == "ended":
            return batch
        require(time.monotonic() < deadline, f"batch {batch_id} did not end")
        time.sleep(0.05)


@check("anthropic: messages.create parses as Message with cache usage fields")
def _():
    raw = claude.messages.with_raw_response.create(**claude_params("realtime", ttl="5m"))
    require(raw.http_response.headers.get("request-id"), "request-id header missing")
    message = strict(Message, raw.http_response.json())
    require(message.usage.cache_creation_input_tokens is not None, "cache_creation_input_tokens missing")
    require(message.usage.cache_read_input_tokens is not None, "cache_read_input_tokens missing")
    require(message.usage.cache_creation is not None, "usage.cache_creation missing")
    require(message.content and message.content[0].type == "text", "no text content")
    parsed = raw.parse()
    require(parsed.id == message.id, "parse() disagrees with the raw body")


@check("anthropic: count_tokens")
def _():
    raw = claude.messages.with_raw_response.count_tokens(
        model=MODEL, messages=[{"role": "user", "content": "How many tokens?"}]
    )
    counted = strict(MessageTokensCount, raw.http_response.json())
    require(counted.input_tokens > 0, "input_tokens must be positive")


@check("anthropic: batch create, poll, results with cache usage, list, delete")
def _():
    requests = [{"custom_id": f"doc-{i}", "params": claude_params(i)} for i in range(3)]
    requests.append({"custom_id": "bad-model", "params": claude_params("x", model="claude-does-not-exist")})
    raw = claude.messages.batches.with_raw_response.create(requests=requests)
    created = strict(MessageBatch, raw.http_response.json())
    require(created.processing_status == "in_progress", f"new batch is {created.processing_status}")
    require(created.request_counts.processing == 4, "processing count")
    ended = wait_ended(created.id)
    require(ended.results_url, "results_url missing once ended")
    require(ended.ended_at is not None, "ended_at missing once ended")
    counts = ended.request_counts
    require((counts.succeeded, counts.errored) == (3, 1), f"counts {counts}")
    results = list(claude.messages.batches.results(created.id))
    require(len(results) == 4, f"{len(results)} result lines")
    raw_lines = httpx.get(ended.results_url, headers={"x-api-key": KEY}, timeout=30).text.splitlines()
    for line in raw_lines:
        strict(MessageBatchIndividualResponse, json.loads(line))
    by_id = {result.custom_id: result.result for result in results}
    require(by_id["bad-model"].type == "errored", "unknown model must be an errored result")
    require(by_id["bad-model"].error.error.type == "not_found_error", "errored result type")
    for i in range(3):
        usage = by_id[f"doc-{i}"].message.usage
        require(usage.service_tier == "batch", "service_tier must be batch")
        require(usage.cache_creation.ephemeral_1h_input_tokens is not None, "ephemeral_1h_input_tokens missing")
        require((usage.cache_creation_input_tokens or 0) + (usage.cache_read_input_tokens or 0) > 0, "no cache use")
    page = claude.messages.batches.list(limit=1)
    require(page.data and page.data[0].id == created.id, "newest batch first")
    require(page.has_more is not None and page.last_id == created.id, "page fields")
    every = [batch.id for batch in claude.messages.batches.list(limit=1)]
    require(created.id in every, "auto-pagination reaches the batch")
    deleted = claude.messages.batches.with_raw_response.delete(created.id)
    strict(DeletedMessageBatch, deleted.http_response.json())
    expect_raises(anthropic.NotFoundError, lambda: claude.messages.batches.retrieve(created.id))


@check("anthropic: cancel moves the batch to canceling and ends it")
def _():
    requests = [{"custom_id": f"c-{i}", "params": claude_params(f"c{i}", max_tokens=1024)} for i in range(200)]
    created = claude.messages.batches.create(requests=requests)
    raw = claude.messages.batches.with_raw_response.cancel(created.id)
    canceled = strict(MessageBatch, raw.http_response.json())
    require(canceled.processing_status in ("canceling", "ended"), canceled.processing_status)
    require(canceled.cancel_initiated_at is not None, "cancel_initiated_at missing")
    ended = wait_ended(created.id)
    require(ended.request_counts.canceled > 0, f"nothing canceled: {ended.request_counts}")
    kinds = {result.result.type for result in claude.messages.batches.results(created.id)}
    require("canceled" in kinds, f"result types {kinds}")


@check("anthropic: typed errors (401, 404, 400, 429 with retry-after, 529)")
def _():
    bad = anthropic.Anthropic(base_url=BASE, api_key="wrong-key", max_retries=0)
    error = expect_raises(anthropic.AuthenticationError, lambda: bad.messages.count_tokens(
        model=MODEL, messages=[{"role": "user", "content": "x"}]), 401)
    require(error.body["error"]["type"] == "authentication_error", "401 body type")
    error = expect_raises(anthropic.NotFoundError, lambda: claude.messages.create(
        model="claude-nope", max_tokens=8, messages=[{"role": "user", "content": "x"}]), 404)
    require(error.request_id, "request_id on the error")
    blocks = [{"type": "text", "text": f"b{i}", "cache_control": {"type": "ephemeral"}} for i in range(5)]
    expect_raises(anthropic.BadRequestError, lambda: claude.messages.create(
        model=MODEL, max_tokens=8, system=blocks, messages=[{"role": "user", "content": "x"}]), 400)
    expect_raises(anthropic.BadRequestError, lambda: claude.messages.batches.create(
        requests=[{"custom_id": "bad id!", "params": claude_params("x")}]), 400)
    try:
        set_faults({"rate_limit_rate": 1, "retry_after_seconds": 1})
        error = expect_raises(anthropic.RateLimitError, lambda: claude.messages.count_tokens(
            model=MODEL, messages=[{"role": "user", "content": "x"}]), 429)
        require(error.response.headers.get("retry-after") == "1", "retry-after header")
        set_faults({"overloaded_rate": 1})
        expect_raises(anthropic.OverloadedError, lambda: claude.messages.count_tokens(
            model=MODEL, messages=[{"role": "user", "content": "x"}]), 529)
    finally:
        set_faults({})


# ---------------------------------------------------------------------------------------------
# OpenAI
# ---------------------------------------------------------------------------------------------

gpt = openai.OpenAI(base_url=f"{BASE}/v1", api_key=KEY, max_retries=0)


def chat_body(question, model="gpt-5-mini"):
    return {
        "model": model,
        "max_completion_tokens": 40,
        "messages": [{"role": "system", "content": SHARED}, {"role": "user", "content": question}],
    }


@check("openai: chat completions with prompt_cache_key report cached_tokens inside prompt_tokens")
def _():
    # 24-hour retention (gpt-5 is on OpenAI's list): at the test's 1000x the in-memory 5 minutes are
    # 0.3 real seconds, which a loaded machine can spend between the two calls.
    retention = {"prompt_cache_retention": "24h"}
    first = gpt.chat.completions.with_raw_response.create(
        **chat_body("first", model="gpt-5"), prompt_cache_key="conformance", extra_body=retention)
    strict(ChatCompletion, first.http_response.json())
    second = gpt.chat.completions.with_raw_response.create(
        **chat_body("second", model="gpt-5"), prompt_cache_key="conformance", extra_body=retention)
    completion = strict(ChatCompletion, second.http_response.json())
    details = completion.usage.prompt_tokens_details
    require(details is not None and details.cached_tokens >= 1024, f"cached_tokens {details}")
    require(details.cached_tokens % 128 == 0, "cached tokens come in 128-token steps")
    require(completion.usage.prompt_tokens > details.cached_tokens, "cached tokens are inside prompt_tokens")
    flex = gpt.chat.completions.create(**chat_body("flex"), service_tier="flex")
    require(flex.service_tier == "flex", f"service_tier {flex.service_tier}")


@check("openai: embeddings (float and the SDK's default base64)")
def _():
    raw = gpt.embeddings.with_raw_response.create(
        model="text-embedding-3-small", input=["alpha", "beta"], encoding_format="float")
    response = strict(CreateEmbeddingResponse, raw.http_response.json())
    require(len(response.data) == 2 and len(response.data[0].embedding) == 1536, "embedding shape")
    decoded = gpt.embeddings.create(model="text-embedding-3-small", input="alpha", dimensions=64)
    require(len(decoded.data[0].embedding) == 64, "base64-decoded dimension")
    norm = sum(value * value for value in decoded.data[0].embedding)
    require(abs(norm - 1) < 1e-3, f"unit norm, got {norm}")


@check("openai: files, batch create/poll/list/cancel, output and error files")
def _():
    lines = [json.dumps({"custom_id": f"r{i}", "method": "POST", "url": "/v1/chat/completions",
                         "body": chat_body(f"doc {i}")}) for i in range(4)]
    lines.append(json.dumps({"custom_id": "too-long", "method": "POST", "url": "/v1/chat/completions",
                             "body": {**chat_body("x"), "max_completion_tokens": 10_000_000}}))
    raw_file = gpt.files.with_raw_response.create(file=("batch.jsonl", io.BytesIO("\n".join(lines).encode())),
                                                  purpose="batch")
    uploaded = strict(FileObject, raw_file.http_response.json())
    require(uploaded.purpose == "batch" and uploaded.bytes > 0, "file object")
    strict(FileObject, gpt.files.with_raw_response.retrieve(uploaded.id).http_response.json())
    raw_batch = gpt.batches.with_raw_response.create(input_file_id=uploaded.id, endpoint="/v1/chat/completions",
                                                    completion_window="24h", metadata={"suite": "conformance"})
    batch = strict(Batch, raw_batch.http_response.json())
    require(batch.metadata == {"suite": "conformance"}, "metadata echoed")
    deadline = time.monotonic() + 30
    while batch.status not in ("completed", "failed", "expired", "cancelled"):
        require(time.monotonic() < deadline, "batch did not finish")
        time.sleep(0.05)
        batch = strict(Batch, gpt.batches.with_raw_response.retrieve(batch.id).http_response.json())
    require(batch.status == "completed", f"status {batch.status}: {batch.errors}")
    require(batch.request_counts.completed == 4 and batch.request_counts.failed == 1, f"{batch.request_counts}")
    require(batch.usage is not None and batch.usage.input_tokens_details.cached_tokens >= 0, "usage")
    for line in gpt.files.content(batch.output_file_id).text.splitlines():
        record = json.loads(line)
        require(record["response"]["status_code"] == 200, "output status")
        strict(ChatCompletion, record["response"]["body"])
    errors = [json.loads(line) for line in gpt.files.content(batch.error_file_id).text.splitlines()]
    require(errors[0]["custom_id"] == "too-long" and errors[0]["response"]["status_code"] == 400, f"{errors}")
    listed = [item.id for item in gpt.batches.list(limit=100)]
    require(batch.id in listed, "list contains the batch")
    second = gpt.batches.create(input_file_id=uploaded.id, endpoint="/v1/chat/completions", completion_window="24h")
    cancelled = strict(Batch, gpt.batches.with_raw_response.cancel(second.id).http_response.json())
    require(cancelled.status == "cancelling", cancelled.status)
    deleted = strict(FileDeleted, gpt.files.with_raw_response.delete(uploaded.id).http_response.json())
    require(deleted.deleted, "file deleted")


@check("openai: typed errors (401, 404, 400, 429)")
def _():
    bad = openai.OpenAI(base_url=f"{BASE}/v1", api_key="wrong-key", max_retries=0)
    error = expect_raises(openai.AuthenticationError, lambda: bad.chat.completions.create(**chat_body("x")), 401)
    require(error.code == "invalid_api_key", f"code {error.code}")
    error = expect_raises(openai.NotFoundError, lambda: gpt.chat.completions.create(**chat_body("x", "gpt-nope")), 404)
    require(error.code == "model_not_found", f"code {error.code}")
    expect_raises(openai.BadRequestError, lambda: gpt.batches.create(
        input_file_id="file-missing", endpoint="/v1/chat/completions", completion_window="1h"), 400)
    expect_raises(openai.BadRequestError, lambda: gpt.files.create(
        file=("bad.jsonl", io.BytesIO(b"not json")), purpose="batch"), 400)
    try:
        set_faults({"rate_limit_rate": 1, "retry_after_seconds": 1})
        expect_raises(openai.RateLimitError, lambda: gpt.chat.completions.create(**chat_body("x")), 429)
    finally:
        set_faults({})


# ---------------------------------------------------------------------------------------------
# Gemini
# ---------------------------------------------------------------------------------------------

gemini = genai.Client(api_key=KEY, http_options={"base_url": BASE, "api_version": "v1beta"})
FLASH = "gemini-2.5-flash"
TERMINAL = {"JOB_STATE_SUCCEEDED", "JOB_STATE_FAILED", "JOB_STATE_CANCELLED", "JOB_STATE_EXPIRED"}


def wait_job(name, timeout=30):
    deadline = time.monotonic() + timeout
    job = gemini.batches.get(name=name)
    while job.state.name not in TERMINAL:
        require(time.monotonic() < deadline, f"{name} did not finish")
        time.sleep(0.05)
        job = gemini.batches.get(name=name)
    return job


@check("gemini: generate_content, count_tokens, embed_content")
def _():
    response = gemini.models.generate_content(model=FLASH, contents="Say something.")
    require(response.text, "no text")
    usage = response.usage_metadata
    require(usage.prompt_token_count and usage.candidates_token_count and usage.total_token_count, f"{usage}")
    counted = gemini.models.count_tokens(model=FLASH, contents="Count these tokens.")
    require(counted.total_tokens and counted.total_tokens > 0, "total_tokens")
    embedded = gemini.models.embed_content(model="gemini-embedding-001", contents=["a", "b"],
                                           config=genai_types.EmbedContentConfig(output_dimensionality=768))
    require(len(embedded.embeddings) == 2 and len(embedded.embeddings[0].values) == 768, "embeddings")
    # Embedding responses carry no usage: count_tokens on the embedding model is the bill's count.
    one = gemini.models.count_tokens(model="gemini-embedding-001", contents="Invoice 42 from ACME.")
    # The SDK sends a list of strings as one content of two parts.
    two = gemini.models.count_tokens(model="gemini-embedding-001", contents=["Invoice 42 from ACME.", "Paid in full."])
    require(one.total_tokens and two.total_tokens > one.total_tokens, f"embedding count_tokens {one} {two}")


@check("gemini: cached contents create/get/list/update/delete and cached reads")
def _():
    # The emulator runs at 1000x here: a 600 s TTL lasted 0.6 real seconds, less than a loaded
    # machine took between create and get. Ten emulated hours are 36 real seconds.
    cache = gemini.caches.create(model=FLASH, config=genai_types.CreateCachedContentConfig(
        contents=[SHARED], ttl="36000s", display_name="conformance"))
    require(cache.name.startswith("cachedContents/") and cache.usage_metadata.total_token_count >= 1024, f"{cache}")
    require(cache.expire_time is not None and cache.model == f"models/{FLASH}", "cache fields")
    got = gemini.caches.get(name=cache.name)
    require(got.name == cache.name, "get")
    require(cache.name in [item.name for item in gemini.caches.list()], "list")
    updated = gemini.caches.update(name=cache.name, config=genai_types.UpdateCachedContentConfig(ttl="72000s"))
    require(updated.expire_time > cache.expire_time, "ttl update extends expiry")
    response = gemini.models.generate_content(model=FLASH, contents="Question?",
                                              config=genai_types.GenerateContentConfig(cached_content=cache.name))
    usage = response.usage_metadata
    require(usage.cached_content_token_count == cache.usage_metadata.total_token_count, f"{usage}")
    require(usage.prompt_token_count > usage.cached_content_token_count, "prompt count includes cached tokens")
    gemini.caches.delete(name=cache.name)
    expect_raises(genai_errors.ClientError, lambda: gemini.caches.get(name=cache.name), 404)


@check("gemini: inline batch create/get/list/cancel/delete, JOB_STATE_* through the SDK")
def _():
    job = gemini.batches.create(model=FLASH, src=[
        {"contents": [{"parts": [{"text": f"item {i}"}], "role": "user"}], "metadata": {"key": f"k{i}"}}
        for i in range(3)], config={"display_name": "inline"})
    require(job.name.startswith("batches/") and job.state.name == "JOB_STATE_PENDING", f"{job.state}")
    done = wait_job(job.name)
    require(done.state.name == "JOB_STATE_SUCCEEDED", f"{done.state}")
    responses = done.dest.inlined_responses
    require(len(responses) == 3, "inlined responses")
    require({response.metadata["key"] for response in responses} == {"k0", "k1", "k2"}, "metadata echoed")
    require(all(response.response.usage_metadata.prompt_token_count for response in responses), "usage")
    require(done.name in [item.name for item in gemini.batches.list()], "list")
    many = gemini.batches.create(model=FLASH, src=[
        {"contents": [{"parts": [{"text": f"x {i}"}]}], "config": {"max_output_tokens": 4000}} for i in range(300)])
    gemini.batches.cancel(name=many.name)
    cancelled = wait_job(many.name)
    require(cancelled.state.name == "JOB_STATE_CANCELLED", f"{cancelled.state}")
    gemini.batches.delete(name=done.name)
    expect_raises(genai_errors.ClientError, lambda: gemini.batches.get(name=done.name), 404)


@check("gemini: file upload, file-mode batch, download of the results file, embeddings batch")
def _():
    lines = "\n".join(json.dumps({"key": f"f{i}", "request": {"contents": [{"parts": [{"text": f"doc {i}"}]}]}})
                      for i in range(4))
    uploaded = gemini.files.upload(file=io.BytesIO(lines.encode()),
                                   config={"mime_type": "application/jsonl", "display_name": "input"})
    require(uploaded.name.startswith("files/") and uploaded.size_bytes == len(lines.encode()), f"{uploaded}")
    require(gemini.files.get(name=uploaded.name).state.name == "ACTIVE", "file state")
    job = gemini.batches.create(model=FLASH, src=uploaded.name)
    done = wait_job(job.name)
    require(done.state.name == "JOB_STATE_SUCCEEDED" and done.dest.file_name, f"{done}")
    content = gemini.files.download(file=done.dest.file_name)
    records = [json.loads(line) for line in content.decode().splitlines()]
    require({record["key"] for record in records} == {"f0", "f1", "f2", "f3"}, "keys")
    for record in records:
        parsed = genai_types.GenerateContentResponse.model_validate(record["response"])
        require(parsed.candidates and parsed.usage_metadata, "response shape")
    embeddings = gemini.batches.create_embeddings(model="gemini-embedding-001",
                                                  src={"inlined_requests": {"contents": ["x", "y"]}})
    finished = wait_job(embeddings.name)
    require(finished.state.name == "JOB_STATE_SUCCEEDED", f"{finished.state}")
    results = finished.dest.inlined_embed_content_responses
    require(results and len(results) == 2 and results[0].response.embedding.values, "embedding results")
    gemini.files.delete(name=uploaded.name)


@check("gemini: typed errors (unknown model, bad key, server error)")
def _():
    error = expect_raises(genai_errors.ClientError, lambda: gemini.models.generate_content(
        model="gemini-nope", contents="x"), 404)
    require(error.status == "NOT_FOUND", f"{error.status}")
    bad = genai.Client(api_key="wrong-key", http_options={"base_url": BASE, "api_version": "v1beta"})
    error = expect_raises(genai_errors.ClientError, lambda: bad.models.generate_content(model=FLASH, contents="x"), 400)
    require(error.status == "INVALID_ARGUMENT", f"{error.status}")
    try:
        set_faults({"server_error_rate": 1, "path_prefixes": ["/v1beta/"]})
        quiet = genai.Client(api_key=KEY, http_options={"base_url": BASE, "api_version": "v1beta",
                                                        "retry_options": {"attempts": 1}})
        expect_raises(genai_errors.ServerError, lambda: quiet.models.generate_content(model=FLASH, contents="x"), 500)
    finally:
        set_faults({})


print(f"\n{len(PASSED)} passed, {len(FAILURES)} failed")
if FAILURES:
    for name, error in FAILURES:
        print(f"  - {name}: {type(error).__name__}: {error}")
    sys.exit(1)
