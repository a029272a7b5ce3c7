# Shared helper: download an artifact from Maven Central into a local cache.
# maven_fetch GROUP ARTIFACT VERSION [CLASSIFIER] -> prints the cached jar's path.
SAMSA_CACHE=${SAMSA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/samsa}
MAVEN_CENTRAL=${MAVEN_CENTRAL:-https://repo1.maven.org/maven2}

maven_fetch() {
  local group=$1 artifact=$2 version=$3 classifier=${4:-} ext=${5:-jar}
  local name="$artifact-$version${classifier:+-$classifier}.$ext"
  local dir="$SAMSA_CACHE/maven/${group//./\/}/$artifact/$version"
  if [ ! -s "$dir/$name" ]; then
    mkdir -p "$dir"
    curl -sSfL --retry 3 -o "$dir/$name.part" "$MAVEN_CENTRAL/${group//./\/}/$artifact/$version/$name" >&2
    mv "$dir/$name.part" "$dir/$name"
  fi
  echo "$dir/$name"
}
