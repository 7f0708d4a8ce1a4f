package classifier

import (
	"context"
	"math"
	"os"
	"strings"
	"testing"
)

// classifyAll runs the default classifier on text and returns its spans.
func classifyAll(t *testing.T, text string) []Span {
	t.Helper()
	var spans []Span
	if _, err := testClassifier(t).Classify(context.Background(), text, nil, func(s Span) error {
		spans = append(spans, s)
		return nil
	}); err != nil {
		t.Fatalf("Classify: %v", err)
	}
	return spans
}

var defaultClassifier *Classifier

func testClassifier(t testing.TB) *Classifier {
	t.Helper()
	if defaultClassifier == nil {
		lex, err := DefaultLexicons()
		if err != nil {
			t.Fatalf("DefaultLexicons: %v", err)
		}
		defaultClassifier = New(lex)
	}
	return defaultClassifier
}

// spanAt returns the span of target that covers the sentence containing needle.
func spanAt(spans []Span, text, target, needle string) (Span, bool) {
	at := strings.Index(text, needle)
	for _, s := range spans {
		if s.Target == target && s.Begin <= at && at < s.End {
			return s, true
		}
	}
	return Span{}, false
}

// cueTexts lists "role:text" for every cue of a span, checking each cue's offsets on the way.
func cueTexts(t *testing.T, text string, s Span) []string {
	t.Helper()
	var out []string
	for _, c := range s.Cues {
		if c.Begin < s.Begin || c.End > s.End || c.Begin > c.End {
			t.Errorf("cue %v lies outside its span %v", c.Range, s.Range)
			continue
		}
		out = append(out, c.Role.String()+":"+c.In(text))
	}
	return out
}

// TestLinguisticRules checks each scoring rule on sentences written for it: the stance, and the
// exact text under each cue that decided it.
func TestLinguisticRules(t *testing.T) {
	const neg, pres = "negotiation", "international_pressure"
	tests := []struct {
		name   string
		text   string
		target string
		// sentence picks the sentence to check (a piece of it).
		sentence string
		want     Stance
		// cues must all be among the span's cues, as "role:text".
		cues []string
	}{
		{"a plain against cue makes the sentence against", "The minister said that talks with the rebels are pointless.", neg, "pointless", Against,
			[]string{"mention:talks", "against:pointless"}},
		{"a favor cue makes the sentence favor", "The envoy welcomed the resumption of talks in Geneva.", neg, "welcomed", Favor,
			[]string{"favor:welcomed", "favor:resumption", "mention:talks"}},
		{"a negator right before a mention is against", "There could not be any negotiations with the junta, the general said.", neg, "negotiations", Against,
			[]string{"negator:not", "mention:negotiations"}},
		{"negation flips a cue inside its scope", "Quiet diplomacy will not change the regime, she said.", neg, "diplomacy", Against,
			[]string{"mention:diplomacy", "negator:not", "favor:change"}},
		{"a negator beyond the clause does not reach", "We did not win, but we welcome the talks.", neg, "talks", Favor,
			[]string{"favor:welcome", "mention:talks"}},
		{"a contrast that turns to another subject does not outweigh the stance before it", "The opposition leader said talks with the junta were pointless, but he urged the UN to impose sanctions.", neg, "pointless", Against,
			[]string{"mention:talks", "against:pointless"}},
		{"the clause after a contrast weighs more", "Some claim the embargo is growing tougher, but in truth it is not tough at all.", pres, "embargo", Against,
			[]string{"mention:embargo", "contrast:but"}},
		{"a call to act with a modal favors pressure", "The international community must be hard on the regime until it frees the prisoners.", pres, "hard on", Favor,
			[]string{"intensifier:must", "favor:hard on"}},
		{"dismissal is against", "The spokesman dismissed the sanctions as a bluff.", pres, "dismissed", Against,
			[]string{"against:dismissed", "mention:sanctions", "against:bluff"}},
		{"a phrase matches as a phrase, not word by word", "The foreign threats are not unusual, the ministry said.", pres, "threats", Against,
			[]string{"mention:threats", "against:not unusual"}},
		{"'just a' dismisses what follows", "“It is just a threat,” the governor said of the embargo.", pres, "threat", Against,
			[]string{"against:just a threat"}},
		{"a conditional offer of talks is favor", "“If they release the prisoners, then we can negotiate with them,” the rebel leader said.", neg, "negotiate", Favor,
			[]string{"favor:can", "mention:negotiate"}},
		{"a rhetorical question in a quote is against", "“Why would we hold talks with people who shoot at us?” the colonel asked.", neg, "talks", Against,
			[]string{"mention:talks", "question:?"}},
		{"a verb of wanting takes the side of what it wants", "The party called for an end to the sanctions.", pres, "called", Against,
			[]string{"intensifier:called for", "against:end to", "mention:sanctions"}},
		{"a call to stay out of a country's affairs is against the pressure", "The premier urged foreign governments to stay out of domestic affairs.", pres, "urged", Against,
			[]string{"intensifier:urged", "mention:foreign governments", "against:stay out of", "against:domestic affairs"}},
		{"doing little to change is failing to", "Analysts said the sanctions had done little to change the regime's behaviour.", pres, "little", Against,
			[]string{"mention:sanctions", "against:done little to", "favor:change"}},
		{"pressure that is working is favored", "The sanctions are working, the finance minister said.", pres, "working", Favor,
			[]string{"mention:sanctions", "favor:working"}},
		{"a deal that rewards aggression is opposed", "Critics say the peace deal rewards the aggressor.", neg, "deal", Against,
			[]string{"mention:peace deal", "against:rewards the aggressor"}},
		{"asking others to stop meddling is against the pressure", "Foreign governments should stop meddling in our affairs, the minister said.", pres, "meddling", Against,
			[]string{"mention:Foreign governments", "against:stop meddling"}},
		{"pressure that will not stop us is against it", "Sanctions will not stop us from building the dam, the minister said.", pres, "stop", Against,
			[]string{"mention:Sanctions", "negator:not", "favor:stop"}},
		{"a door to dialogue that has always been open is favor", "“The door to dialogue has always been open,” the minister said.", neg, "door", Favor,
			[]string{"mention:dialogue", "favor:always been open"}},
		{"talks out of the question are against", "Talks with the opposition are “out of the question”, the president said.", neg, "question", Against,
			[]string{"mention:Talks", "against:out of the question"}},
		{"a negator right before the talks negates them, not a later cue", "The prime minister said he would not negotiate with terrorists.", neg, "negotiate", Against,
			[]string{"negator:not", "mention:negotiate", "against:terrorists"}},
		{"wanting the talks with nothing else said is favor", "The president wants talks with the rebels.", neg, "wants", Favor,
			[]string{"favor:wants", "mention:talks"}},
		{"not wanting the talks is against", "The president does not want talks with the rebels.", neg, "want", Against,
			[]string{"negator:not", "mention:talks"}},
		{"what is wanted decides when a cue says it", "The rebels want an end to the talks.", neg, "want", Against,
			[]string{"against:an end to", "mention:talks"}},
		{"an olive branch is about talks", "The minister extended an olive branch to the rebels.", neg, "olive", Favor,
			[]string{"mention:olive branch", "favor:olive branch"}},
		{"freezing assets is pressure", "The EU froze the assets of twelve officials.", pres, "froze", Favor,
			[]string{"favor:froze", "mention:froze the assets"}},
		{"threatening to cut aid is pressure", "Washington threatened to cut aid to the country.", pres, "cut", Favor,
			[]string{"mention:threatened", "favor:threatened to cut", "mention:cut aid"}},
		{"calling sanctions a crime against anyone is against them", "“These sanctions are a crime against our people,” said the envoy.", pres, "crime", Against,
			[]string{"mention:sanctions", "against:crime against"}},
		{"threatening sanctions is pressure", "Western governments have threatened sanctions against officials who obstruct the talks.", pres, "threatened", Favor,
			[]string{"favor:threatened sanctions"}},
		{"pressure that will not bring peace is against it", "“Sanctions will not bring peace,” the negotiator said.", pres, "peace", Against,
			[]string{"mention:Sanctions", "negator:not", "favor:bring peace"}},
		{"having to negotiate is favor", "The Kremlin said Western leaders would eventually have to negotiate.", neg, "negotiate", Favor,
			[]string{"favor:have to", "mention:negotiate"}},
		{"showing no interest in the talks is against", "Neither side showed any interest in negotiations.", neg, "interest", Against,
			[]string{"negator:Neither", "favor:interest in", "mention:negotiations"}},
		{"the only path to peace is favor", "Negotiation is the only realistic path to peace in the region.", neg, "path", Favor,
			[]string{"mention:Negotiation", "favor:only realistic path"}},
		{"a headline in title case is read despite its capitals", "Hun Sen Rejects Talks with Rainsy\n\nThe prime minister spoke on Monday.", neg, "Rejects", Against,
			[]string{"against:Rejects", "mention:Talks"}},
		{"talks said to be needed are favored", "Both sides agree that new talks are needed.", neg, "needed", Favor,
			[]string{"mention:talks", "favor:needed"}},
		{"talks called useful are favored", "Diplomats said the talks in Geneva had been useful.", neg, "useful", Favor,
			[]string{"mention:talks", "favor:useful"}},
		{"agreeing to meet again is favor after a contrast", "The talks ended without agreement, but both delegations said they would meet again next month.", neg, "meet again", Favor,
			[]string{"mention:talks", "mention:agreement", "contrast:but", "favor:meet again"}},
		{"a forum for talks is favor", "The government insisted that the African Union was the only forum for peace talks.", neg, "forum", Favor,
			[]string{"intensifier:only", "favor:forum for", "mention:talks"}},
		{"proposing sanctions is favor", "The commission proposed a new package of sanctions on Wednesday.", "international_pressure", "proposed", Favor,
			[]string{"favor:proposed", "mention:sanctions"}},
		{"opposing the lifting of sanctions is favor", "The government opposes lifting the sanctions.", "international_pressure", "opposes", Favor,
			[]string{"intensifier:opposes", "against:lifting", "mention:sanctions"}},
		{"condemning the suspension of talks is favor", "The envoy condemned the suspension of the peace talks.", neg, "condemned", Favor,
			[]string{"intensifier:condemned", "against:suspension", "mention:talks"}},
		{"rejecting what judges a target is no removal", "The minister rejected the illegal sanctions.", "international_pressure", "rejected", Against,
			[]string{"against:rejected", "against:illegal", "mention:sanctions"}},
		{"urging the lifting of sanctions stays against", "The minister urged Washington to lift the sanctions.", "international_pressure", "lift", Against,
			[]string{"intensifier:urged", "against:lift", "mention:sanctions"}},
		{"accusing others of using talks to stall for time is against", "Opposition lawmakers accused the president of using the talks to stall for time.", neg, "stall", Against,
			[]string{"mention:talks", "against:stall for time"}},
		{"lobbying against new sanctions is against", "Exporters have lobbied against new sanctions for months.", "international_pressure", "lobbied", Against,
			[]string{"against:against new sanctions", "mention:sanctions"}},
		{"doubting that talks will achieve anything is against", "Observers doubt that the new round of talks will achieve anything.", neg, "doubt", Against,
			[]string{"against:doubt", "mention:round of talks", "favor:achieve"}},
		{"an end to something else does not reject the urging after 'and'", "The envoy called for an end to the fighting and urged the generals to open talks.", neg, "urged", Favor,
			[]string{"intensifier:called for", "favor:urged", "favor:open", "mention:talks"}},
		{"an end to something else is no cue for the talks", "Indonesia's president called for an end to the violence and urged all sides to begin a dialogue.", neg, "dialogue", Favor,
			[]string{"favor:urged", "mention:dialogue"}},
		{"an end to the target itself is against it", "The hardliners called for an end to the talks.", neg, "talks", Against,
			[]string{"against:an end to", "mention:talks"}},
		{"an indirect question takes no side", "Asked whether Moscow was ready to compromise on its proposals for peace talks, Peskov declined to comment.", neg, "talks", Neutral, nil},
		{"what is unclear takes no side", "It is unclear whether the sanctions will work.", pres, "sanctions", Neutral, nil},
		{"an answer after the question does", "Asked whether the talks were dead, the minister said they were pointless.", neg, "pointless", Against,
			[]string{"against:pointless"}},
		{"a measure qualified as tougher is pressure, and favored", "The bloc should consider tougher measures if the junta keeps ignoring the plan, the minister said.", pres, "tougher", Favor,
			[]string{"favor:tougher", "mention:tougher measures"}},
		{"what is preferred rather than the target is against it", "Thailand has pushed for engagement with the generals rather than isolation.", pres, "isolation", Against,
			[]string{"against:rather than", "mention:isolation"}},
		{"refusing to take part in talks is against", "The general said his forces would not take part in any talks while the militia occupied homes.", neg, "talks", Against,
			[]string{"negator:not", "favor:take part in", "mention:talks"}},
		{"taking part in something else is no cue for the talks", "Thousands took part in a march on Sunday, a day before the talks.", neg, "talks", Neutral, nil},
		{"urging others to avoid pressure is against it", "Egypt has urged the international community to respect Sudan's sovereignty and avoid punitive steps.", pres, "punitive", Against,
			[]string{"against:avoid", "mention:punitive"}},
		{"a requirement that opens the sentence wants what it names", "“Without the end of the blockade there can be no agreement,” the minister said.", pres, "blockade", Against,
			[]string{"against:the end of", "mention:blockade"}},
		{"refusing to accept what is pressure is against it", "The prime minister said Ethiopia would never again accept foreign interference in its affairs.", pres, "interference", Against,
			[]string{"negator:never", "favor:accept", "against:interference"}},
		{"a threat to cut trade preferences is pressure, favored", "Western governments had threatened to cut Ethiopia's access to duty-free trade under AGOA.", pres, "threatened", Favor,
			[]string{"favor:threatened to cut", "mention:duty-free trade"}},
		{"concessions for peace favor the talks", "Tigray's chief negotiator said his side had made painful concessions for the sake of peace.", neg, "negotiator", Favor,
			[]string{"favor:made painful concessions", "favor:for the sake of peace"}},
		{"refusing to lift the measures favors them", "The EU's foreign policy chief said the bloc would not lift the measures as long as the crackdown continued.", pres, "lift", Favor,
			[]string{"negator:not", "mention:lift the measures"}},
		{"an openness word before a removal is the removal's", "The EU said it would lift the measures next month.", pres, "lift", Against,
			[]string{"mention:lift the measures", "against:lift"}},
		{"what pressure is said to cause is judged", "Beijing's envoy said more sanctions would only increase tensions.", pres, "tensions", Against,
			[]string{"against:increase tensions"}},
		{"increasing something else is no pressure", "The EU said it would increase aid to the region despite the sanctions.", pres, "sanctions", Neutral, nil},
		{"implementing sanctions is favor", "Japan's prime minister said the international community must fully implement existing sanctions.", pres, "implement", Favor,
			[]string{"favor:implement"}},
		{"rejecting what a relative clause says would happen rejects it", "China and Russia vetoed a US-drafted resolution that would have tightened UN sanctions on North Korea.", pres, "vetoed", Against,
			[]string{"against:vetoed", "mention:sanctions"}},
		{"a relative clause with a subject of its own is not reached", "The council rejected a report that experts had compiled on how to tighten sanctions.", pres, "sanctions", Neutral, nil},
		{"'*' alone takes the 's of a name", "The European Commission began the procedure to withdraw Cambodia's access to the Everything But Arms scheme.", pres, "withdraw", Favor,
			[]string{"favor:withdraw Cambodia's access"}},
		{"refusing to beg for trade privileges is against the pressure", "The commerce minister said the government would not beg Brussels to keep its trade privileges.", pres, "privileges", Against,
			[]string{"negator:not", "mention:trade privileges"}},
		{"agreeing to extend a ceasefire is favor", "Israel and Hamas agreed on Wednesday to extend the ceasefire in Gaza by two days.", neg, "ceasefire", Favor,
			[]string{"favor:extend", "mention:ceasefire"}},
		{"', not' after the target corrects its form and takes no side against it", "A Hamas official said the group wanted a permanent ceasefire, not a temporary truce.", neg, "ceasefire", Favor,
			[]string{"favor:permanent", "mention:truce"}},
		{"a lasting agreement is favored", "Cairo was working with Qatar to turn the truce into a lasting agreement.", neg, "lasting", Favor,
			[]string{"favor:lasting", "mention:agreement"}},
		{"cutting off supplies is an embargo called for", "The cleric said the Islamic world should cut off oil and food supplies to Israel.", pres, "supplies", Favor,
			[]string{"mention:cut off oil and food supplies"}},
		{"using sanctions is imposing them", "The EU is using sanctions to push the junta back to the table.", pres, "sanctions", Favor,
			[]string{"favor:using", "mention:sanctions"}},
		{"what others are accused of using is opposed", "Serbian ministers accused the West of using sanctions to punish ordinary Serbs.", pres, "sanctions", Against,
			[]string{"favor:using", "mention:sanctions"}},
		{"a rally against the talks is against them", "Several thousand protesters rallied in Yerevan against the talks, led by an archbishop.", neg, "rallied", Against,
			[]string{"against:against the talks", "mention:talks"}},
		{"sanctions against a country are no side against them", "The EU imposed sanctions against Russia's shadow fleet.", pres, "imposed", Favor,
			[]string{"favor:imposed", "mention:sanctions"}},
		{"a deal within reach is favored", "Armenia's prime minister said a peace treaty with Azerbaijan was within reach.", neg, "treaty", Favor,
			[]string{"favor:within reach"}},
		{"refusing to lift a terrorist designation favors it", "The United States said it would not lift the designation while attacks continued.", pres, "lift", Favor,
			[]string{"negator:not", "mention:lift the designation"}},
		{"no role for a third party rules out mediation", "Indian officials said there was no role for a third party in bilateral matters.", neg, "third party", Against,
			[]string{"negator:no", "mention:role for a third party"}},
		{"how talks ended is a report", "Talks between the two delegations ended in Istanbul without an agreement.", neg, "Talks", Neutral, nil},
		{"refusing talks without a deal is still a side", "The minister said there would be no talks without a ceasefire.", neg, "talks", Against,
			[]string{"negator:no"}},
		{"'neither wise nor honourable' is against", "The supreme leader said that negotiating with the United States is neither wise nor honourable.", neg, "negotiating", Against,
			[]string{"favor:wise", "favor:honourable"}},
		{"triggering the snapback is pressure, threatened", "The E3 warned that it would trigger the snapback of UN sanctions if Iran did not restore access.", pres, "snapback", Favor,
			[]string{"favor:trigger the snapback"}},
		{"shrugging off is dismissing", "The generals have shrugged off the pressure, diplomats said.", pres, "pressure", Against,
			[]string{"against:shrugged off", "mention:pressure"}},
		{"welcoming a decision by others to ease sanctions is against", "The ministry welcomed the decision by Washington to ease sanctions.", "international_pressure", "ease", Against,
			[]string{"intensifier:welcomed", "against:ease", "mention:sanctions"}},
		{"calling sanctions warfare against a people is against", "The minister said the embargo was an act of economic warfare against his people.", "international_pressure", "warfare", Against,
			[]string{"mention:embargo", "mention:economic warfare", "against:warfare against"}},
		{"pressure that will not force a change is against", "The spokesman said the threat of sanctions would not force the government to change course.", "international_pressure", "force", Against,
			[]string{"mention:threat", "mention:sanctions", "negator:not", "favor:force", "intensifier:change course"}},
		{"sanctions that never changed a regime's behaviour are against", "Sanctions have never changed the behaviour of the regime, the economist said.", "international_pressure", "changed", Against,
			[]string{"mention:Sanctions", "negator:never", "favor:changed the behaviour"}},
		{"blocking a new round of sanctions is against", "Several EU members, led by Hungary, have blocked a new round of sanctions.", "international_pressure", "blocked", Against,
			[]string{"against:blocked", "mention:sanctions"}},
		{"economic terrorism names pressure", "The government denounced the measures as economic terrorism.", "international_pressure", "denounced", Against,
			[]string{"against:denounced", "mention:economic terrorism"}},
		{"no military solution is favor", "There is no military solution to this war, the envoy said.", neg, "military", Favor,
			[]string{"mention:no military solution", "favor:no military solution"}},
		{"sanctions that embolden the other side are against", "The ministry said sanctions would only embolden the rebels.", "international_pressure", "embolden", Against,
			[]string{"mention:sanctions", "intensifier:only", "against:embolden"}},
		{"withdrawing trade preferences is pressure favored", "The commission said it would partially withdraw the country's trade preferences.", "international_pressure", "withdraw", Favor,
			[]string{"favor:partially withdraw", "mention:trade preferences"}},
		{"never trading sovereignty for a benefit is against", "The premier said the country would never trade its sovereignty for preferential tariffs.", "international_pressure", "sovereignty", Against,
			[]string{"negator:never", "against:sovereignty", "mention:tariffs"}},
		{"pressure that failed to bring a country to talks is against", "The maximum pressure campaign failed to bring Iran back to the table, analysts said.", "international_pressure", "failed", Against,
			[]string{"mention:maximum pressure", "against:failed to bring"}},
		{"demanding an immediate ceasefire is favor", "The council adopted a resolution demanding an immediate ceasefire.", neg, "demanding", Favor,
			[]string{"favor:demanding", "mention:ceasefire"}},
		{"losing jobs to pressure is against", "Unions warned that losing the EBA status would mean thousands of job losses.", "international_pressure", "losses", Against,
			[]string{"mention:EBA", "against:job losses"}},
		{"keeping sanctions on others is favor", "Washington said it supported the process but would keep its sanctions on the group's leaders.", "international_pressure", "keep", Favor,
			[]string{"favor:supported", "contrast:but", "favor:keep its", "mention:sanctions"}},
		{"talks that will continue are a report", "The talks will continue in Geneva next week.", neg, "continue", Neutral,
			[]string{"mention:talks"}},
		{"negotiations that could restart are a report", "The negotiations could restart as early as next week.", neg, "restart", Neutral,
			[]string{"mention:negotiations"}},
		{"talks that must resume are favored", "The talks must resume now, the envoy said.", neg, "resume", Favor,
			[]string{"mention:talks", "intensifier:must", "favor:resume"}},
		{"sanctions that will bite are favored, no event", "The minister said the sanctions will bite.", "international_pressure", "bite", Favor,
			[]string{"mention:sanctions", "favor:bite"}},
		{"threatening to veto sanctions is against", "The prime minister threatened to veto the new sanctions.", "international_pressure", "veto", Against,
			[]string{"mention:threatened", "against:veto", "favor:new sanctions", "mention:sanctions"}},
		{"sanctions full of loopholes are against", "Critics say the sanctions are full of loopholes.", "international_pressure", "loopholes", Against,
			[]string{"mention:sanctions", "against:loopholes"}},
		{"sanctions raising the cost of war are favored after a contrast", "Sanctions alone will not end the war, the chancellor said, but they are raising its cost for Moscow.", "international_pressure", "raising", Favor,
			[]string{"mention:Sanctions", "contrast:but", "favor:raising its cost"}},
		{"easing pressure judged a mistake favors the pressure", "The opposition leader warned that easing the pressure now would be a mistake.", "international_pressure", "easing", Favor,
			[]string{"against:easing", "mention:pressure", "intensifier:mistake"}},
		{"a judgement of the target itself is no judgement of its removal", "The U.S. should lift its illegal unilateral sanctions, the diplomat said.", "international_pressure", "lift", Against,
			[]string{"against:lift", "against:illegal", "against:unilateral", "mention:sanctions"}},
		{"what others are accused of backing is opposed", "The junta accused France of backing the sanctions.", "international_pressure", "backing", Against,
			[]string{"favor:backing", "mention:sanctions"}},
		{"threatening targeted sanctions is favor", "The African Union threatened targeted sanctions against the coup leaders.", "international_pressure", "threatened", Favor,
			[]string{"mention:threatened", "favor:threatened", "mention:sanctions"}},
		{"mocking sanctions is against", "Lukashenko has repeatedly mocked Western sanctions.", "international_pressure", "mocked", Against,
			[]string{"against:mocked", "mention:sanctions"}},
		{"opening the way for talks is favor", "The bloc dropped its demand, opening the way for talks.", neg, "opening", Favor,
			[]string{"favor:opening the way for", "mention:talks"}},
		{"hailing the easing of sanctions is against", "The government hailed the easing of sanctions as a victory for the people.", "international_pressure", "easing", Against,
			[]string{"intensifier:hailed", "against:easing", "mention:sanctions"}},
		{"talks that cannot go together with terror are against", "India said talks and terror could not go together.", neg, "together", Against,
			[]string{"mention:talks", "negator:not", "favor:go together"}},
		{"helping find a peaceful solution is favor", "The ambassador said the bloc was ready to help both countries find a peaceful solution.", neg, "solution", Favor,
			[]string{"favor:ready to", "mention:peaceful solution"}},
		{"approving a deal is favor", "The cabinet approved a hostage deal early on Friday.", neg, "approved", Favor,
			[]string{"favor:approved", "mention:deal"}},
		{"talks put on hold are against", "Riyadh said normalisation talks had been put on hold.", neg, "hold", Against,
			[]string{"mention:talks", "against:on hold"}},
		{"calling on others to pressure is favor", "The Palestinian Authority called on the international community to pressure Israel.", "international_pressure", "called on", Favor,
			[]string{"favor:to pressure", "mention:international community", "mention:pressure"}},
		{"a truce called a victory is favor", "The supreme leader said the truce was a victory for the resistance.", neg, "victory", Favor,
			[]string{"mention:truce", "favor:victory for"}},
		{"rallying against talks is against", "Nationalists rallied against the talks in the capital.", neg, "rallied", Against,
			[]string{"against:against the talks", "mention:talks"}},
		{"talks that sell out a cause are against", "The opposition accused the government of selling out the north in secret talks.", neg, "selling", Against,
			[]string{"against:selling out", "mention:talks"}},
		{"measures imposed on a country are pressure", "Brussels has already imposed measures on Kosovo for failing to de-escalate.", "international_pressure", "imposed", Favor,
			[]string{"favor:imposed", "mention:measures on"}},
		{"sanctions that will never bring generals to heel are against", "Sanctions alone will never bring the generals to heel.", "international_pressure", "heel", Against,
			[]string{"mention:Sanctions", "negator:never", "favor:to heel"}},
		{"an inclusive dialogue is favored", "What the country needs is an inclusive dialogue with every armed group.", neg, "inclusive", Favor,
			[]string{"favor:inclusive", "mention:dialogue"}},
		{"pushing for a ceasefire is favor", "China has quietly pushed for a ceasefire in the north.", neg, "pushed", Favor,
			[]string{"favor:pushed for", "mention:ceasefire"}},
		{"warning others against imposing sanctions is against", "Beijing has warned Western countries against imposing new sanctions.", "international_pressure", "imposing", Against,
			[]string{"against:against imposing", "favor:new sanctions", "mention:sanctions"}},
		{"little doubt is no doubt", "There is little doubt that the sanctions are biting, the minister said.", "international_pressure", "biting", Favor,
			[]string{"mention:sanctions", "favor:biting"}},
		{"finding it helpful to lift sanctions is against", "It would be helpful if the sanctions were lifted, the minister said.", "international_pressure", "lifted", Against,
			[]string{"intensifier:helpful", "mention:sanctions", "against:lifted"}},
		{"sanctions relief said to reward a ruler is opposed", "Republican senators said any sanctions relief would reward Maduro.", "international_pressure", "relief", Favor,
			[]string{"mention:sanctions", "against:relief", "intensifier:reward"}},
		{"urging others to drop sanctions is against", "Colombia's president urged Washington to drop all sanctions on Caracas.", "international_pressure", "drop", Against,
			[]string{"intensifier:urged", "against:drop", "mention:sanctions"}},
		{"approving something else near talks is no stance on them", "The cabinet approved the offensive despite the ceasefire talks.", neg, "approved", Neutral, nil},
		{"blocking a road to talks is no stance on them", "The rebels blocked the road to the venue of the peace talks.", neg, "blocked", Neutral, nil},
		{"blocking a new round of sanctions blocks them", "Hungary has blocked a new round of sanctions.", "international_pressure", "blocked", Against,
			[]string{"against:blocked", "mention:sanctions"}},
		{"accusing others of sabotaging the political process is favor", "Damascus accused the opposition of trying to sabotage the political process.", neg, "sabotage", Favor,
			[]string{"against:sabotage", "mention:political process"}},
		{"being determined to convene talks is favor", "The envoy said he was determined to convene the talks on schedule.", neg, "convene", Favor,
			[]string{"favor:determined to", "favor:convene", "mention:talks"}},
		{"not being bound by any deal is against", "Kurdish leaders said they would not be bound by any deal.", neg, "bound", Against,
			[]string{"negator:not", "favor:bound by", "mention:deal"}},
		{"sanctions hampering aid are against", "Aid agencies said the sanctions were hampering the delivery of medicine.", "international_pressure", "hampering", Against,
			[]string{"mention:sanctions", "against:hampering"}},
		{"no intention of returning to talks is against", "North Korea said it had no intention of returning to the talks.", neg, "returning", Against,
			[]string{"negator:no", "favor:returning to", "mention:talks"}},
		{"engagement as the only realistic option is favor", "A former negotiator said engagement was the only realistic option.", neg, "option", Favor,
			[]string{"mention:engagement", "favor:only realistic option"}},
		{"talks expected to resume are a report", "Analysts expect the talks to resume next year.", neg, "resume", Neutral,
			[]string{"mention:talks"}},
		{"talks wanted to resume are favored", "The president wants the talks to resume soon.", neg, "wants", Favor,
			[]string{"mention:talks", "favor:wants"}},
		{"a dated headline in title case is read after its dateline", "KHARTOUM, June 3 (Reuters) - Sudan's Army Suspends Talks with Rebels\n\nThe army gave no reason.", neg, "Suspends", Against,
			[]string{"against:Suspends", "mention:Talks"}},
		{"a truce that lets the enemy regroup is opposed", "Any ceasefire would only allow the enemy to regroup, the general said.", neg, "regroup", Against,
			[]string{"mention:ceasefire", "against:regroup"}},
		{"respecting a truce is favor", "The commander said the guerrillas would respect the truce.", neg, "respect", Favor,
			[]string{"favor:respect", "mention:truce"}},
		{"a peace treaty is about talks", "The prime minister said he was committed to a peace treaty.", neg, "treaty", Favor,
			[]string{"favor:committed to", "mention:peace treaty"}},
		{"asking to stop abusing a measure is against it", "China urged the United States to stop abusing export controls.", pres, "abusing", Against,
			[]string{"against:stop abusing", "mention:export controls"}},
		{"pressure that could worsen a crisis is opposed", "Human rights groups warned that sanctions could worsen the humanitarian crisis.", pres, "worsen", Against,
			[]string{"mention:sanctions", "against:worsen"}},
		{"accusing others of undermining the talks favors them", "Kosovo's prime minister accused Serbia of undermining the dialogue.", neg, "accused", Favor,
			[]string{"against:undermining", "mention:dialogue"}},
		{"blaming others for obstructing a truce favors it", "The army blamed the rebels for obstructing the ceasefire.", neg, "blamed", Favor,
			[]string{"against:obstructing", "mention:ceasefire"}},
		{"imposing sanctions over abuses is favor", "The US imposed sanctions on officials over human rights abuses.", pres, "imposed", Favor,
			[]string{"favor:imposed", "mention:sanctions"}},
		{"a violation reported as the reason for sanctions is no stance on the truce", "Sanctions were imposed over the violation of the ceasefire.", neg, "violation", Neutral, nil},
		{"targeting those who obstruct a truce favors it", "The State Department said the measures would target anyone obstructing a ceasefire.", neg, "obstructing", Favor,
			[]string{"against:obstructing", "mention:ceasefire"}},
		{"obstructing a truce oneself is against it", "The rebels obstructed the ceasefire talks for weeks.", neg, "obstructed", Against,
			[]string{"against:obstructed", "mention:ceasefire", "mention:talks"}},
		{"accusing others of caving to pressure is against it", "The junta accused its neighbours of caving in to external pressure.", pres, "caving", Against, nil},
		{"a shared cue whose object is the other target's mention is not this target's", "China has opposed sanctions and called for quiet diplomacy.", "negotiation", "diplomacy", Favor,
			[]string{"favor:called for", "mention:diplomacy"}},
		{"the same cue is the other target's", "China has opposed sanctions and called for quiet diplomacy.", "international_pressure", "opposed", Against,
			[]string{"against:opposed", "mention:sanctions"}},
		{"declining to comment takes no side", "A government spokesman declined to comment on the talks.", neg, "talks", Neutral, nil},
		{"declining to join is a refusal", "The rebels declined to join the talks.", neg, "talks", Against,
			[]string{"negator:declined to", "favor:join", "mention:talks"}},
		{"a cue against takes back the favor cue it governs", "The minister rejected calls for a ceasefire.", neg, "rejected", Against,
			[]string{"against:rejected", "favor:calls for", "mention:ceasefire"}},
		{"a phrase with a negator in it is one cue", "There is no alternative to dialogue, the envoy said.", neg, "dialogue", Favor,
			[]string{"favor:no alternative to", "mention:dialogue"}},
		{"'not ... without' asks for what follows", "The rebels will not lay down their arms without a ceasefire, their commander said.", neg, "ceasefire", Neutral, nil},
		{"a refusal that names the talks itself is about them", "“There is nothing to discuss with them,” the spokesman said.", neg, "nothing", Against,
			[]string{"against:nothing to discuss"}},
		{"a corrective 'not X but Y' does not negate", "What we asked for was not the lifting of all sanctions but a partial lifting.", pres, "lifting", Against, nil},
		{"a conditional refusal of talks is against", "Only if the army withdraws will there be any dialogue, the opposition leader said.", neg, "dialogue", Against,
			[]string{"against:Only if"}},
		{"an anaphor carries the target into the next sentence", "The governor mocked the sanctions. “This is nothing new,” he said.", pres, "This is", Against,
			[]string{"mention:This", "against:nothing new"}},
		{"an anaphor right after a person's attribution refers back", "The council extended the embargo on Monday. Lena Novak said it was illegal.", pres, "Lena Novak", Against,
			[]string{"mention:it", "against:illegal"}},
		{"after an organisation's attribution 'it' is the speaker, not the topic", "Talks resumed on Monday. The ministry said it wants an end to the arrests.", neg, "ministry", -1, nil},
		{"an anaphor refers to the target named last", "The talks stalled as the sanctions took effect. They are illegal, the minister said.", neg, "They are", -1, nil},
		{"a bare concession plays pressure down", "“The embargo goes on, but our economy keeps growing,” the minister said.", pres, "embargo", Against,
			[]string{"contrast:but"}},
		{"a capitalised name is not a cue", "Talks with the Rapid Support Forces began.", neg, "Support", Neutral, nil},
		{"a neutral report takes no side", "Talks resumed in Vienna on Monday.", neg, "Talks", Neutral, nil},
		{"a sentence about neither target has no span", "The river flooded three villages.", neg, "river", -1, nil},
		{"a definite noun phrase that names no target refers back", "The EU extended the sanctions. The measures have done little to change Belgrade's behaviour, analysts say.", pres, "measures", Against,
			[]string{"mention:The measures", "against:done little to"}},
		{"a target's reference refers back wherever it stands", "The bloc imposed sanctions on the junta in May. The French minister said Paris fully supported the regional measures.", pres, "French minister", Favor,
			[]string{"mention:the regional measures", "favor:supported"}},
		{"a reference refers back to its own target, not the one named last", "Caracas wants sanctions lifted before any dialogue. It said the recent measures were illegal.", pres, "recent measures", Against,
			[]string{"mention:the recent measures", "against:illegal"}},
		{"rejecting the offer of talks is against them", "Nicosia said it was ready to resume talks. Ankara rejected the offer within hours.", neg, "Ankara", Against,
			[]string{"mention:the offer", "against:rejected"}},
		{"an act named after a sentence refers back only where it opens the sentence", "The president suspended the talks with the rebels. Senators praised the decision, saying the talks had let the rebels rearm.", neg, "Senators", Against,
			[]string{"mention:talks", "against:rearm"}},
		{"stopping something else is no cue against the talks after it", "Washington urged Beijing to stop its drills near the island and engage in meaningful dialogue.", neg, "drills", Favor,
			[]string{"favor:meaningful", "mention:dialogue"}},
		{"stopping the talks is against them", "The government stopped the talks with the rebels in March.", neg, "stopped", Against,
			[]string{"against:stopped", "mention:talks"}},
		{"talks as the way to settle a dispute are favored", "Tokyo said the dispute over the islands should be settled through dialogue.", neg, "islands", Favor,
			[]string{"favor:through dialogue"}},
		{"blocking what backs the target is against it, though the target is not what was blocked", "Russia and China blocked a Security Council statement backing the sanctions.", pres, "blocked", Against,
			[]string{"against:blocked", "mention:sanctions"}},
		{"calling sanctions a fitting response defends them", "Beijing said the sanctions on the defence firms were a proportionate response to the arms sale.", pres, "proportionate", Favor,
			[]string{"mention:sanctions", "favor:proportionate response"}},
		{"an envoy expected somewhere for talks is a report", "An envoy from the bloc is expected in Niamey next week for talks on the timetable.", neg, "Niamey", Neutral, nil},
		{"what someone is accused of counts against only when done to the target", "The United States imposed sanctions on a minister accused of coordinating support for the rebels.", pres, "imposed", Favor,
			[]string{"favor:imposed", "mention:sanctions"}},
		{"a military solution said to be impossible favors talks", "The foreign minister said a military solution was impossible and that only dialogue could end the war.", neg, "military", Favor,
			[]string{"favor:military solution was impossible", "favor:only dialogue"}},
		{"suspending a country's aid is pressure", "Britain suspended much of its aid to Kigali last year.", pres, "Britain", Favor,
			[]string{"mention:suspended much of its aid"}},
		{"not bowing to blackmail from abroad is against the pressure", "The ruling party said it would not bow to blackmail from Brussels.", pres, "blackmail", Against,
			[]string{"mention:blackmail"}},
		{"further measures refer back to the pressure", "The EU froze the country's accession process. Its foreign policy chief said the bloc would consider further measures.", pres, "consider", Favor,
			[]string{"mention:further measures"}},
		{"rejecting the initiative after a sentence on talks is against them", "The speaker said he would attend UN-backed talks in Tunis. The prime minister rejected the initiative.", neg, "prime minister", Against,
			[]string{"mention:the initiative", "against:rejected"}},
		{"a negation of another verb before a mention denies that verb, not the talks", "The ministry has not commented on the deal.", neg, "commented", Neutral, nil},
		{"a negation of a noun before a mention denies that noun", "Hungary was not party to the talks, officials said.", neg, "party", Neutral, nil},
		{"what would not affect the talks takes no side on them", "The minister said the dispute would not affect the peace process.", neg, "affect", Neutral, nil},
		{"a light verb passes the negation on to the talks", "The government will not hold talks with the rebels.", neg, "hold", Against,
			[]string{"negator:not", "mention:talks"}},
		{"no opens a noun phrase and negates the talks in it", "There is no prospect of talks before the election.", neg, "prospect", Against,
			[]string{"negator:no", "mention:talks"}},
		{"sanctioning someone is pressure", "Washington sanctioned three judges linked to the president's family.", pres, "judges", Favor,
			[]string{"favor:sanctioned"}},
		{"suspending a country from an agreement is pressure", "Exiles urged the bloc to suspend Managua from its trade pact with the region.", pres, "Exiles", Favor,
			[]string{"mention:suspend Managua from"}},
		{"sanctions that failed to loosen a grip are judged ineffective", "Years of sanctions have failed to loosen the general's grip on power, analysts said.", pres, "grip", Against,
			[]string{"against:failed to loosen"}},
		{"measures called baseless are dismissed", "Ottawa imposed sanctions on him in May. The former president called the measures baseless.", pres, "baseless", Against,
			[]string{"mention:the measures", "against:baseless"}},
		{"a round-table is a form of talks", "Algiers said it would not attend the round-table meetings.", neg, "Algiers", Against,
			[]string{"mention:round-table"}},
		{"defying an embargo is a harm the accused do to it", "The EU sanctioned generals accused of arming the rebels in defiance of the embargo.", pres, "defiance", Favor,
			[]string{"favor:sanctioned", "mention:embargo"}},
		{"whom a shared cue addresses is not its object: the talks asked for are", "Islamabad urged the international community to engage with Kabul rather than isolate it.", neg, "engage", Favor,
			[]string{"favor:urged", "mention:engage with"}},
		{"asked to engage rather than isolate, the addressee is no pressure wanted", "Islamabad urged the international community to engage with Kabul rather than isolate it.", pres, "isolate", Against,
			[]string{"against:rather than", "mention:isolate"}},
		{"a mention followed by to be is what is asked for, not whom", "The minister called for sanctions to be lifted before any talks.", pres, "lifted", Against,
			[]string{"mention:sanctions"}},
		{"a verb of wanting that others are accused of is condemned", "Addis Ababa accused Mogadishu of seeking foreign pressure.", pres, "seeking", Against,
			[]string{"favor:seeking", "mention:foreign pressure"}},
		{"the restrictions refer back to the pressure", "Washington imposed the embargo in 1962. Lawmakers urged the administration to tighten the restrictions further.", pres, "Lawmakers", Favor,
			[]string{"mention:the restrictions"}},
		{"an initiative named by its sponsor refers back to the talks", "Juba suspended its part in the peace talks. The holdout groups remained committed to the Kenyan-led initiative.", neg, "holdout", Favor,
			[]string{"mention:the Kenyan-led initiative"}},
		{"talks called a talk shop are dismissed", "Civil society groups said the talks had become a talk shop with no results.", neg, "talk shop", Against,
			[]string{"mention:talks", "against:talk shop"}},
		{"an embargo called economic war is against", "Havana said the embargo was \"an act of economic war\" against its people.", pres, "Havana", Against,
			[]string{"mention:embargo", "against:economic war"}},
		{"freezing someone's assets is pressure", "Britain followed suit, freezing the assets of the general and his deputy.", pres, "Britain", Favor,
			[]string{"favor:freezing the assets"}},
		{"rejecting the call after a call for dialogue is against it", "The envoy urged all sides to return to dialogue. The leader rejected the call, saying there was nothing to talk about with Sarajevo.", neg, "rejected", Against,
			[]string{"mention:the call", "against:nothing to talk about"}},
		{"what a comparison sets first is not its object", "Bangkok preferred to resolve the dispute through bilateral talks rather than at the court.", neg, "Bangkok", Favor,
			[]string{"favor:through bilateral talks"}},
		{"engagement rather than isolation favors the engagement", "The minister called for engagement rather than isolation.", neg, "engagement", Favor, nil},
		{"threatening to withhold is pressure", "Washington threatened to withhold trade deals from both countries.", pres, "Washington", Favor,
			[]string{"favor:threatened to withhold"}},
		{"the demand refers back to the pressure asked for", "Students urged the government to cut trade ties with India. New Delhi dismissed the demand.", pres, "New Delhi", Against,
			[]string{"mention:the demand", "against:dismissed"}},
		{"suspending budget support is pressure", "The opposition leader urged donors to suspend budget support until the results were reviewed.", pres, "donors", Favor,
			[]string{"mention:suspend budget support"}},
		{"a measure called null and void is dismissed", "The three powers triggered the snapback of sanctions. Moscow called the move legally null and void.", pres, "Moscow", Against,
			[]string{"mention:the move", "against:null and void"}},
		{"sanctions said to push inflation up are harmful", "Business leaders warned that the sanctions would push inflation even higher.", pres, "inflation", Against,
			[]string{"against:push inflation"}},
		{"sanctions called part of a campaign against a people are against", "Moscow said the sanctions were part of a Western campaign against Russian speakers.", pres, "campaign", Against,
			[]string{"against:campaign against"}},
		{"measures said to starve a people are against", "France suspended its aid to Niger. The junta called the French measures an attempt to starve the population.", pres, "starve", Against,
			[]string{"mention:the French measures", "against:starve"}},
		{"a warning of a firm response is pressure", "Washington warned Caracas that any military action against Guyana would be met with a firm response.", pres, "firm", Favor,
			[]string{"favor:firm response"}},
		{"urging both sides to keep talking favors talks", "Regional leaders urged both sides to keep talking.", neg, "keep talking", Favor,
			[]string{"mention:keep talking"}},
		{"a mediator's plan refers back to the talks", "Algiers offered to mediate. Niamey rejected the Algerian plan.", neg, "Niamey", Against,
			[]string{"mention:the Algerian plan", "against:rejected"}},
		{"what talks produced, and a but no after it, is a report", "The talks produced a joint declaration but no agreement on the border.", neg, "declaration", Neutral, nil},
		{"an agreement called reckless is against", "Far-right ministers called the deal a reckless agreement.", neg, "reckless", Against,
			[]string{"against:reckless"}},
		{"preparing a package of sanctions is pressure", "European leaders agreed to prepare a new package of sanctions against Moscow.", pres, "package", Favor,
			[]string{"favor:package of sanctions"}},
		{"freezing some funding is pressure", "The EU imposed temporary measures on Pristina, freezing some funding over tensions in the north.", pres, "freezing", Favor,
			[]string{"mention:freezing some funding"}},
		{"monitoring the sanctions upholds them", "Washington and Tokyo said they would set up a group to monitor the sanctions.", pres, "monitor", Favor,
			[]string{"favor:monitor", "mention:sanctions"}},
		{"what sanctions alone cannot do plays them down", "China said sanctions alone could not resolve the issue.", pres, "alone", Against,
			[]string{"mention:sanctions", "against:alone could not"}},
		{"a headline with a number in it is still a headline", "EU Adds 25 Officials To Sanctions List\n\nThe list grows.", pres, "Officials", Favor,
			[]string{"favor:To Sanctions List"}},
		{"measures that did not go far enough are wanted tougher", "The EU imposed sanctions on Minsk. Vilnius said the measures did not go far enough.", pres, "Vilnius", Favor,
			[]string{"mention:the measures", "favor:not go far enough"}},
		{"isolation that only strengthened a junta is judged counterproductive", "He said isolation had only strengthened the generals.", pres, "isolation", Against,
			[]string{"mention:isolation", "against:only strengthened"}},
		{"a warning that a government would face pressure is a threat", "Washington warned that Tehran would face maximum pressure.", pres, "Washington", Favor,
			[]string{"favor:would face"}},
		{"talks that only give the other side time are against", "Jerusalem said the talks would only give Tehran time to advance its programme.", neg, "Jerusalem", Against,
			[]string{"mention:talks", "against:only give Tehran time"}},
		{"should before engaging a junta favors the engagement", "Bangkok said ASEAN should engage the junta rather than isolate it.", neg, "Bangkok", Favor,
			[]string{"favor:should", "mention:engage the junta"}},
		{"an openness word before an against cue is the cue's", "The ministers said they would lift sanctions next year.", pres, "ministers", Against,
			[]string{"against:lift", "mention:sanctions"}},
		{"how talks ended is a report, whatever they ended without", "Informal talks in Bern last year ended without progress.", neg, "Bern", Neutral, nil},
		{"a cue to end what is a target's mention is against it", "Ankara called on the world to end the isolation of the north.", pres, "Ankara", Against,
			[]string{"mention:isolation"}},
		{"freezing a country's assets is pressure", "The bloc closed its borders and froze Mali's assets at the central bank.", pres, "froze", Favor,
			[]string{"mention:froze Mali's assets"}},
		{"refusing to recognise a leader is pressure, the leader's name being any word", "Western governments have not recognised Maduro as president.", pres, "Maduro", Favor,
			[]string{"negator:not", "mention:recognised Maduro as president"}},
		{"recognising a need is no pressure", "We recognise that dialogue is the only way forward, the envoy said.", pres, "recognise", -1, nil},
		{"recognising a state is no pressure", "Belgrade refused to recognise Kosovo until the talks ended.", pres, "recognise", -1, nil},
		{"'*' alone is a word, not a mark", "The council did not recognise them, as president Ruto had asked.", pres, "recognise", -1, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spans := classifyAll(t, tc.text)
			s, ok := spanAt(spans, tc.text, tc.target, tc.sentence)
			if tc.want < 0 {
				if ok {
					t.Fatalf("got a %s span %q, want none", tc.target, s.In(tc.text))
				}
				return
			}
			if !ok {
				t.Fatalf("no %s span covers %q", tc.target, tc.sentence)
			}
			got := cueTexts(t, tc.text, s)
			if s.Stance != tc.want {
				t.Errorf("stance %s (score %.3f, cues %q), want %s", s.Stance, s.Score, got, tc.want)
			}
			for _, c := range tc.cues {
				found := false
				for _, g := range got {
					found = found || g == c
				}
				if !found {
					t.Errorf("missing cue %q; cues are %q", c, got)
				}
			}
		})
	}
}

// TestHolders checks who is credited with each stance.
func TestHolders(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		target   string
		sentence string
		holder   string
		kind     HolderKind
	}{
		{"X said names the holder", "The opposition leader, Maria Lopez, has said any talks with the president are impossible.",
			"negotiation", "talks", "Maria Lopez", ReportedSpeech},
		{"a group and where it is, after the comma, is the holder, not the place", "The EU extended the sanctions. The measures have done little to change Belgrade's behaviour, analysts in Pristina say.",
			"international_pressure", "measures", "analysts in Pristina", ReportedSpeech},
		{"the name before an aside that ends in another name", "Kim Yo Jong, the sister of leader Kim Jong Un, said Pyongyang had no intention of sitting down with Seoul.",
			"negotiation", "sitting down", "Kim Yo Jong", ReportedSpeech},
		{"a name after ', said' that a verb follows opens what was said", "The ministry, in a statement, said Seoul had no interest in talks.",
			"negotiation", "talks", "the ministry", ReportedSpeech},
		{"a phrase with a determiner, what it is for, and where it is", "A spokesman for the EU delegation in Phnom Penh said the door to dialogue remained open.",
			"negotiation", "dialogue", "a spokesman for the EU delegation in Phnom Penh", ReportedSpeech},
		{"a name in apposition to what a country holds is the subject, past a time", "Kenya's president, William Ruto, on Monday renewed his call for the lifting of sanctions.",
			"international_pressure", "lifting", "William Ruto", ReportedSpeech},
		{"a statement that a verb takes as its object names no speaker", "Russia and China blocked a Security Council statement backing the sanctions.",
			"international_pressure", "blocked", "Russia and China", ReportedSpeech},
		{"a body's name keeps whose body it is, and its words before 'Office'", "China's Taiwan Affairs Office dismissed the offer of talks as a trick.",
			"negotiation", "dismissed", "China's Taiwan Affairs Office", ReportedSpeech},
		{"after a relative clause, 'said a ...' opens what was said when a verb follows", "Angola's president, Joao Lourenco, who has mediated between the two countries, said a peace deal was within reach.",
			"negotiation", "peace deal", "Joao Lourenco", ReportedSpeech},
		{"a noun phrase in apposition after a name is stepped over, whatever names it holds", "Algeria, the Polisario's main backer, said it would not attend the talks.",
			"negotiation", "attend", "Algeria", ReportedSpeech},
		{"a capitalised word that qualifies a mention is no actor", "Indirect talks between the two sides are pointless.",
			"negotiation", "pointless", AuthorName, Author},
		{"what a name holds, and where it is, speaks", "Russia's ambassador in Sarajevo called the sanctions illegitimate interference.",
			"international_pressure", "illegitimate", "Russia's ambassador in Sarajevo", ReportedSpeech},
		{"names listed with commas and a last 'and' are the subject", "France, Britain and Germany formally triggered the snapback of sanctions.",
			"international_pressure", "snapback", "France, Britain and Germany", ReportedSpeech},
		{"an adverb before the verb is not part of two names joined by 'and'", "Canada and Australia jointly imposed sanctions on the generals.",
			"international_pressure", "imposed", "Canada and Australia", ReportedSpeech},
		{"names listed with commas before 'and' and the verb are the speaker", "The United States, Japan and South Korea said they would set up a group to monitor the sanctions.",
			"international_pressure", "monitor", "United States, Japan and South Korea", ReportedSpeech},
		{"the agent of a passive named by a phrase with a determiner is the holder", "London announced sanctions on the commanders. The measures were condemned by the paramilitary group as politically motivated.",
			"international_pressure", "condemned", "the paramilitary group", ReportedSpeech},
		{"two names joined by 'and' are the subject", "Canada and Australia imposed sanctions on the generals.",
			"international_pressure", "imposed", "Canada and Australia", ReportedSpeech},
		{"two names joined by 'and', the second with 'the', are the speaker", "Japan and the Philippines said the dispute should be settled through dialogue.",
			"negotiation", "dispute", "Japan and the Philippines", ReportedSpeech},
		{"two phrases joined by 'and' are the subject", "Ethiopia's government and Tigrayan forces signed a truce in Pretoria on Wednesday.",
			"negotiation", "truce", "Ethiopia's government and Tigrayan forces", ReportedSpeech},
		{"one plural word and where it is from is a group", "Mediators from Qatar said progress had been made in the talks.",
			"negotiation", "progress", "Mediators from Qatar", ReportedSpeech},
		{"one plural word and where it is, in lower case", "Protesters in the capital demanded that the international community impose tougher sanctions.",
			"international_pressure", "impose", "Protesters in the capital", ReportedSpeech},
		{"a group before a relative clause that runs past six words", "Church leaders, who have mediated between the two sides, called for calm and said dialogue was the only way to end the conflict.",
			"negotiation", "dialogue", "Church leaders", ReportedSpeech},
		{"what a name holds, before a relative clause", "Hungary's prime minister, who has blocked several EU sanctions packages, called for an immediate ceasefire and peace talks.",
			"negotiation", "ceasefire", "Hungary's prime minister", ReportedSpeech},
		{"a group whose plural has no s", "Iranian businessmen say the sanctions have crippled the economy.",
			"international_pressure", "crippled", "Iranian businessmen", ReportedSpeech},
		{"a group of a named body, after the comma", "The embargo is illegal, members of the Duma said.",
			"international_pressure", "embargo", "members of the Duma", ReportedSpeech},
		{"a title and where it is, after the comma", "Talks are the only way out, a spokesman in Kyiv said.",
			"negotiation", "Talks", "a spokesman in Kyiv", ReportedSpeech},
		{"said X with the verb first names the holder", "Talks with the rebels are pointless, said Defence Minister Omar Haddad.",
			"negotiation", "pointless", "Omar Haddad", ReportedSpeech},
		{"according to X names the holder", "According to Anna Berg, the sanctions are illegal.",
			"international_pressure", "illegal", "Anna Berg", ReportedSpeech},
		{"a pronoun resolves to the person last quoted", "Ivan Petrov said the meeting went well. He rejected any sanctions on the port.",
			"international_pressure", "rejected", "Ivan Petrov", ReportedSpeech},
		{"a surname resolves to the full name met before", "Lena Novak spoke on Monday. Later, Novak said talks were pointless.",
			"negotiation", "pointless", "Lena Novak", ReportedSpeech},
		{"the spokesman resolves to the spokesman named before", "Government spokesman Tom Reyes met reporters. The spokesman said the embargo was illegal.",
			"international_pressure", "illegal", "Tom Reyes", ReportedSpeech},
		{"an attribution in the middle names the holder", "Such sanctions, Julia Kim said, were unlikely and illegal.",
			"international_pressure", "unlikely", "Julia Kim", ReportedSpeech},
		{"hitting back by saying names the subject", "Pedro Alves hit back by saying that dialogue with the junta was pointless.",
			"negotiation", "pointless", "Pedro Alves", ReportedSpeech},
		{"a quote attributed after it closes", "“Talks with them are a waste of time,” Sara Lind said.",
			"negotiation", "waste of time", "Sara Lind", DirectQuote},
		{"a quote running over paragraphs keeps its speaker", "Omar Diaz told the radio: “We tried.\n\n“There is no point in negotiating with a liar.”",
			"negotiation", "no point", "Omar Diaz", DirectQuote},
		{"a straight-quoted speech opened in one paragraph and closed in the next", "Olga Ivanova said: \"We will see.\n\nThe sanctions are illegal and they will fail.\"",
			"international_pressure", "illegal", "Olga Ivanova", DirectQuote},
		{"a claim with a pronoun after the quote", "Ken Mori spoke at length. “The embargo is a bluff,” he claimed, without elaborating.",
			"international_pressure", "bluff", "Ken Mori", DirectQuote},
		{"an apposition before said keeps the subject", "Iran's chief negotiator, Ali Kani, said Tehran would never accept talks under threat.",
			"negotiation", "never", "Ali Kani", ReportedSpeech},
		{"a noun phrase with a capitalised adjective is the subject", "A senior Western diplomat said the sanctions work.",
			"international_pressure", "work", "a senior Western diplomat", ReportedSpeech},
		{"an actor after an opening adverb holds its stance", "Meanwhile, the European Union imposed new sanctions on the regime.",
			"international_pressure", "imposed", "European Union", ReportedSpeech},
		{"the writer's own voice", "The embargo is illegal and pointless.",
			"international_pressure", "illegal", AuthorName, Author},
		{"an actor opening the sentence holds its stance", "Canada imposed new sanctions on the regime on Friday.",
			"international_pressure", "imposed", "Canada", ReportedSpeech},
		{"an actor after the article holds its stance", "The European Union imposed new sanctions on the regime.",
			"international_pressure", "imposed", "European Union", ReportedSpeech},
		{"the title with nobody named by it is the holder itself", "The foreign minister said Tokyo considered the sanctions illegal.",
			"international_pressure", "illegal", "the foreign minister", ReportedSpeech},
		{"the title after a country names no one yet", "Japan said it would not join the embargo. “We will keep up the pressure until they free every prisoner,” the senator told reporters.",
			"international_pressure", "keep up", "the senator", DirectQuote},
		{"the title after a person's full name is that person", "Alan Ruiz has ruled since 1994. The leader dismissed the sanctions as a bluff.",
			"international_pressure", "dismissed", "Alan Ruiz", ReportedSpeech},
		{"a sentence opening with the target is the writer's", "Sanctions only hurt ordinary people.",
			"international_pressure", "hurt", AuthorName, Author},
		{"a ministry named by its kind keeps its whole name", "In a statement, the Foreign Ministry condemned the sanctions as illegal.",
			"international_pressure", "condemned", "Foreign Ministry", ReportedSpeech},
		{"what a title holds speaks, not the title", "Mark Dunn spoke first. The prime minister's office said on Sunday that it was ready to resume negotiations.",
			"negotiation", "ready", "the prime minister's office", ReportedSpeech},
		{"a group named without an article says", "Protest leaders said they would not negotiate with the government.",
			"negotiation", "negotiate", "Protest leaders", ReportedSpeech},
		{"a group named without an article acts", "Rebel commanders walked out of the peace talks on Friday.",
			"negotiation", "walked", "Rebel commanders", ReportedSpeech},
		{"a name and its verb in -s stay a name", "Rainsy accepts the offer of talks.",
			"negotiation", "accepts", "Rainsy", ReportedSpeech},
		{"a group before an aside holds the stance", "Government negotiators, for their part, said the door to dialogue remained open.",
			"negotiation", "door to dialogue", "Government negotiators", ReportedSpeech},
		{"a possessive phrase before an aside holds the stance", "The rebels' political wing, however, insisted it would not attend the talks.",
			"negotiation", "not attend", "the rebels' political wing", ReportedSpeech},
		{"a mediator's title comes off the name", "Mediator Anan Chai said both sides had agreed to a truce.",
			"negotiation", "agreed", "Anan Chai", ReportedSpeech},
		{"an aside that opens with a participle is stepped over", "Foreign Minister Maria Santos, speaking in Geneva, said the sanctions were necessary.",
			"international_pressure", "necessary", "Maria Santos", ReportedSpeech},
		{"an aside that opens with a preposition in -ing is not, and the group before it acts", "Several Western countries, including Canada, imposed sanctions on the junta.",
			"international_pressure", "imposed", "Several Western countries", ReportedSpeech},
		{"a title that qualifies a noun is no person", "Ana Ruiz spoke first. The opposition coalition said in a statement that it rejects any dialogue with the junta.",
			"negotiation", "rejects", "the opposition coalition", ReportedSpeech},
		{"people named by their body and their title", "EU foreign ministers agreed on Monday to extend the sanctions.",
			"international_pressure", "extend", "EU foreign ministers", ReportedSpeech},
		{"what a named body holds speaks, after a dateline", "KHARTOUM, June 3 (Reuters) - Sudan's army said on Saturday it had suspended the ceasefire talks.",
			"negotiation", "suspended", "Sudan's army", ReportedSpeech},
		{"a surname with a particle is part of the name", "Army chief Abdel Fattah al-Burhan has repeatedly rejected foreign mediation.",
			"negotiation", "rejected", "Abdel Fattah al-Burhan", ReportedSpeech},
		{"a title resolves to no phrase holder before it", "The government has ruled out talks. The opposition boycotted the national dialogue, calling it a sham.",
			"negotiation", "sham", "the opposition", ReportedSpeech},
		{"titles are not taken across a sentence's end", "The sanctions are working, the trade minister said. Beijing slammed the tariffs as bullying. The minister said the country would not be intimidated by sanctions.",
			"international_pressure", "intimidated", "the minister", ReportedSpeech},
		{"a headline in capitals is held by its first name", "EU SLAPS NEW SANCTIONS ON MINSK\n\nThe measures target banks.",
			"international_pressure", "SLAPS", "EU", ReportedSpeech},
		{"he skips a group named after the person", "Prime Minister Hun Sen rejected any talks with the opposition on Monday. Analysts said the sanctions were starting to bite. He said the talks were out of the question.",
			"negotiation", "out of the question", "Hun Sen", ReportedSpeech},
		{"they skips a person named in full after the group", "Western diplomats said pressure on the regime would grow. Opposition leader Sam Rainsy welcomed the sanctions. They said new talks were needed.",
			"negotiation", "needed", "Western diplomats", ReportedSpeech},
		{"they stays with a body named last", "Western diplomats said pressure on the regime would grow. The government rejected the sanctions. They said talks were pointless.",
			"negotiation", "pointless", "the government", ReportedSpeech},
		{"a plural title alone opening the sentence is the holder", "Diplomats said the talks in Geneva had been useful.",
			"negotiation", "useful", "Diplomats", ReportedSpeech},
		{"a plural title alone after an opening phrase is the holder", "In Geneva, diplomats said the talks had been useful.",
			"negotiation", "useful", "diplomats", ReportedSpeech},
		{"after a contrast the phrase that speaks is the holder", "The talks ended without agreement, but both delegations said they would meet again next month.",
			"negotiation", "meet again", "both delegations", ReportedSpeech},
		{"a passive agent after the main verb is not the holder", "Diplomats said the sanctions relief offered by Washington was a serious attempt to revive the deal.",
			"negotiation", "revive", "Diplomats", ReportedSpeech},
		{"according to a noun phrase", "The sanctions are working, according to a senior Treasury official.",
			"international_pressure", "working", "a senior Treasury official", ReportedSpeech},
		{"according to a group, up to a preposition", "The talks were useful, according to Western diplomats in Geneva.",
			"negotiation", "useful", "Western diplomats", ReportedSpeech},
		{"according to a statement from a body", "According to a statement from the foreign ministry, the talks were useful.",
			"negotiation", "useful", "the foreign ministry", ReportedSpeech},
		{"according to a name", "The talks were useful, according to Hun Sen.",
			"negotiation", "useful", "Hun Sen", ReportedSpeech},
		{"a group from a place opening the sentence is the subject of a later participle", "Business leaders in Yangon have lobbied against new sanctions, warning that they would cost jobs.",
			"international_pressure", "lobbied", "Business leaders in Yangon", ReportedSpeech},
		{"a phrase with a determiner opening the sentence is its actor", "The ruling party blocked the sanctions.",
			"international_pressure", "blocked", "the ruling party", ReportedSpeech},
		{"an actor's phrase goes on past an aside to its verb", "Several EU members, led by Hungary, have blocked a new round of sanctions.",
			"international_pressure", "blocked", "Several EU members", ReportedSpeech},
		{"it opening a sentence is the body last named", "The foreign ministry called the decision unjust. It said sanctions would only embolden the rebels.",
			"international_pressure", "embolden", "the foreign ministry", ReportedSpeech},
		{"it skips a person named in full", "The ministry has long opposed the talks. Prime Minister Hun Sen agreed on Monday. It said the talks were a trick.",
			"negotiation", "trick", "the ministry", ReportedSpeech},
		{"it in another clause is not the subject", "Though it has dismissed such demands before, Ukraine said it would consider the proposals for talks.",
			"negotiation", "consider", "Ukraine", ReportedSpeech},
		{"some opening a sentence are those it speaks of", "Analysts were divided. Some said the pressure was beginning to work.",
			"international_pressure", "work", "Some", ReportedSpeech},
		{"a group in a place named in lower case", "Opposition figures in exile welcomed the move and called for targeted sanctions.",
			"international_pressure", "called for", "Opposition figures in exile", ReportedSpeech},
		{"a plural noun alone after the words said", "The maximum pressure campaign failed to bring Iran back to the table, analysts said.",
			"international_pressure", "failed", "analysts", ReportedSpeech},
		{"a question's opening verb is no holder", "Is there any point in talks with a government that bombs hospitals, when it has refused every ceasefire?",
			"negotiation", "refused", AuthorName, Author},
		{"a group from a named place before the words said", "Opposition politicians in Caracas called the new oil licence a betrayal and demanded that sanctions be restored.",
			"international_pressure", "demanded", "Opposition politicians in Caracas", ReportedSpeech},
		{"what a name holds acts before a verb that is no reporting verb", "Israel's security cabinet approved a hostage deal early on Friday.",
			"negotiation", "approved", "Israel's security cabinet", ReportedSpeech},
		{"a name's possession stops at a conjunction", "Zimbabwe's police beat up and dispersed protesters after their leader offered talks with the president.",
			"negotiation", "offered", "Zimbabwe", ReportedSpeech},
		{"a group whose verb ends in -ed", "Serbian nationalists rallied in Belgrade to demand an end to the dialogue.",
			"negotiation", "rallied", "Serbian nationalists", ReportedSpeech},
		{"a phrase with a determiner from a named place", "The opposition in Belgrade accused the government of selling out the north in secret talks.",
			"negotiation", "selling", "the opposition in Belgrade", ReportedSpeech},
		{"the title names again the person a phrase named", "A senior Western diplomat said the talks were useful. The diplomat added that the sanctions would stay in place.",
			"international_pressure", "in place", "a senior Western diplomat", ReportedSpeech},
		{"a phrase with the names again a longer one with a", "A Ukrainian official briefed on the discussions said the talks were useful. The Ukrainian official said more sanctions were needed.",
			"international_pressure", "needed", "a Ukrainian official briefed on the discussions", ReportedSpeech},
		{"a name with the is no person named by a phrase", "An EU official said the talks were useful. The EU said it would keep its sanctions.",
			"international_pressure", "keep", "EU", ReportedSpeech},
		{"the speaker's phrase ends before a relative clause", "\"There is no alternative to negotiations,\" said a former diplomat who asked not to be named.",
			"negotiation", "alternative", "a former diplomat", ReportedSpeech},
		{"the one warned is the listener, not the speaker", "Beijing has warned Western countries against imposing new sanctions.",
			"international_pressure", "imposing", "Beijing", ReportedSpeech},
		{"a view is no actor", "Her view is that the talks are a waste of time.",
			"negotiation", "waste", AuthorName, Author},
		{"a plural title alone opening the sentence before a cue", "Officials doubt that lifting the sanctions would help.",
			"international_pressure", "lifting", "Officials", ReportedSpeech},
		{"those who argue hold the stance", "Some analysts argue that years of sanctions have failed.",
			"international_pressure", "failed", "Some analysts", ReportedSpeech},
		{"a title of more words is not the person named last", "Prime Minister Hun Sen rejected the talks on Monday. The opposition leader said talks were the only way.",
			"negotiation", "only way", "the opposition leader", ReportedSpeech},
		{"a pronoun after the words said opens what was said", "Hun Sen spoke on Monday. The opposition leader, speaking from exile in Paris, said he was still ready for dialogue.",
			"negotiation", "ready", "the opposition leader", ReportedSpeech},
		{"a dated headline is held by what its first name holds", "KHARTOUM, June 3 (Reuters) - Sudan's Army Suspends Talks with Rebels\n\nThe army gave no reason.",
			"negotiation", "Suspends", "Sudan's Army", ReportedSpeech},
		{"the title opening a sentence before its verb is the person with that title", "The president wants talks with the rebels.",
			"negotiation", "wants", "the president", ReportedSpeech},
		{"an opening participle is not the verb when a finite one follows", "Far from rejecting talks, the government said it welcomed them.",
			"negotiation", "welcomed", "the government", ReportedSpeech},
		{"nobody is no holder", "Nobody should be fooled into thinking that the sanctions are illegal.",
			"international_pressure", "illegal", AuthorName, Author},
		{"a headline in title case is held by the name before its verb", "Western Powers Threaten New Sanctions On Junta\n\nThe measures target banks.",
			"international_pressure", "Threaten", "Western Powers", ReportedSpeech},
		{"two names joined by and hold the stance together", "Israel and Hamas agreed to a ceasefire on Thursday.",
			"negotiation", "agreed", "Israel and Hamas", ReportedSpeech},
		{"the group before an aside that names two of it acts", "Several Western countries, including the United States and Britain, imposed sanctions on the junta.",
			"international_pressure", "imposed", "Several Western countries", ReportedSpeech},
		{"a name that ends a sentence keeps no point", "Talks with the rebels are pointless, said Hun Sen. Later, Sen said the talks were impossible.",
			"negotiation", "impossible", "Hun Sen", ReportedSpeech},
		{"a name's titled person after an inverted said", "“These sanctions are a crime against our people,” said Tehran's envoy to the UN.",
			"international_pressure", "crime", "Tehran's envoy to the UN", DirectQuote},
		{"a label in what they called is no attribution", "The Treasury imposed sanctions. Opposition lawmakers in Minsk have refused to join what they called a sham dialogue.",
			"negotiation", "refused", "Opposition lawmakers in Minsk", ReportedSpeech},
		{"dismissing something names no speaker after the verb", "The junta dismissed the UN resolution as interference in its internal affairs.",
			"international_pressure", "dismissed", "the junta", ReportedSpeech},
		{"a possessor's noun phrase before the verb", "North Korea's state media called the sanctions illegal.",
			"international_pressure", "illegal", "North Korea's state media", ReportedSpeech},
		{"a noun phrase after a quote, before told, is the speaker", "Sanctions were imposed. “Dialogue with this regime is a waste of time,” the exiled opposition leader told the BBC.",
			"negotiation", "waste", "the exiled opposition leader", DirectQuote},
		{"an inverted said with an indefinite phrase and a name in apposition", "The opposition spoke first. “Sanctions are hurting ordinary people, not the elite,” said a Caracas economist, Luis Oliveros.",
			"international_pressure", "hurting", "Luis Oliveros", DirectQuote},
		{"an inverted said with an indefinite phrase alone", "The opposition spoke first. “Sanctions are hurting ordinary people,” said a Caracas economist.",
			"international_pressure", "hurting", "a Caracas economist", DirectQuote},
		{"a phrase with a verb inside is no holder", "The EU sanctioned generals accused of arming the rebels in defiance of the embargo.",
			"international_pressure", "defiance", "EU", ReportedSpeech},
		{"a clause before the verb is no holder", "The talks collapsed after both sides accused each other of bad faith.",
			"negotiation", "bad faith", AuthorName, Author},
		{"a passive's subject is no holder", "The US lifted sanctions on the central bank, a move welcomed by business leaders.",
			"international_pressure", "lifted", "US", ReportedSpeech},
		{"the named agent of a passive holds the stance", "The embargo was condemned by the African Union as illegal.",
			"international_pressure", "condemned", "African Union", ReportedSpeech},
		{"the subject of a verb before an infinitive says", "The ministry was quick to say that the sanctions were illegal.",
			"international_pressure", "illegal", "the ministry", ReportedSpeech},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			spans := classifyAll(t, tc.text)
			s, ok := spanAt(spans, tc.text, tc.target, tc.sentence)
			if !ok {
				t.Fatalf("no %s span covers %q", tc.target, tc.sentence)
			}
			if s.Stance == Neutral {
				t.Errorf("stance is neutral (cues %q); the holder test needs a side", cueTexts(t, tc.text, s))
			}
			if s.Holder.Name != tc.holder || s.Holder.Kind != tc.kind {
				t.Errorf("holder %q (%s), want %q (%s)", s.Holder.Name, s.Holder.Kind, tc.holder, tc.kind)
			}
			if m := s.Holder.Mention; m != nil && !strings.EqualFold(tc.holder, m.In(tc.text)) && !strings.Contains(tc.holder, m.In(tc.text)) &&
				!strings.Contains(m.In(tc.text), lastWord(tc.holder)) {
				t.Errorf("holder mention %q does not name %q", m.In(tc.text), tc.holder)
			}
			if tc.kind == Author && s.Holder.Mention != nil {
				t.Errorf("the writer's voice has a mention %v", s.Holder.Mention)
			}
		})
	}
}

func lastWord(s string) string {
	f := strings.Fields(s)
	return f[len(f)-1]
}

// TestScoreIsTheSumOfCueWeights checks the README's promise: raw is the sum of a span's cue
// weights and score = raw / (1 + |raw|), so a reader can recompute every score by hand.
func TestScoreIsTheSumOfCueWeights(t *testing.T) {
	data, err := os.ReadFile("testdata/seed.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range classifyAll(t, string(data)) {
		raw := 0.0
		for _, c := range s.Cues {
			raw += c.Weight
		}
		if got := scoreOf(raw); math.Abs(got-s.Score) > 0.002 {
			t.Errorf("sentence %d %s: cues sum to %.3f, so score %.3f, but the span says %.3f", s.SentenceIndex, s.Target, raw, got, s.Score)
		}
		if want := stanceOf(s.Score); want != s.Stance {
			t.Errorf("sentence %d %s: score %.3f is %s, but the span says %s", s.SentenceIndex, s.Target, s.Score, want, s.Stance)
		}
	}
}

func TestLooksPlural(t *testing.T) {
	for name, want := range map[string]bool{
		"Western diplomats": true, "the protesters": true, "Analysts": true, "Authorities": true, "Critics": true,
		"Brussels":       true, // a place, but "he" and "she" never stand for it either
		"the government": false, "Sam Rainsy": false, "United Nations": false, "Hamas": false, "Torres": false,
		"Paris": false, "the press": false, "the bus": false, "EU": false,
		"Iranian businessmen": true, "local people": true, "the gunmen": true, "the regimen": false, "Carmen": false,
	} {
		if got := looksPlural(name); got != want {
			t.Errorf("looksPlural(%q) = %v, want %v", name, got, want)
		}
	}
}
